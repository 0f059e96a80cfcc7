using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Encore.Core.Reports;

namespace Encore.Core.Benchmarks;

/// <summary>One pipeline step at one size: its status in pipeline.json, wall seconds and peak resident memory.</summary>
public sealed record CurveStep(string Step, string Status, double Seconds, long PeakRssBytes)
{
    /// <summary>A measurement the fit may use: the step finished (this run, or an earlier one when skipped).</summary>
    public bool Measured => Status is "ran" or "skipped" && Seconds > 0;
}

/// <summary>One size of the scale curve: the generated data, how the pipeline ended, and what each step cost.</summary>
/// <param name="Scale">Users and tracks as a fraction of the real dataset's (1 = 1,373,221 × 1,000,000).</param>
/// <param name="Size">The size as curve.sh's --sizes gave it ("1/512", "0.125").</param>
/// <param name="Users">Listeners the generator made.</param>
/// <param name="Tracks">Tracks the generator made.</param>
/// <param name="RawListens">Listens the generator wrote: the curve's x axis.</param>
/// <param name="Status">"ok", or "failed" when the pipeline exited non-zero or was killed.</param>
/// <param name="FailedStep">The step that failed or was running when the process was killed; empty when ok.</param>
/// <param name="Failure">Why, in one line ("killed, likely out of memory (exit 137), last RSS 21.3 GiB"); empty when ok.</param>
/// <param name="WallSeconds">The whole `encore pipeline` run's wall time (GNU time).</param>
/// <param name="PeakRssBytes">The run's peak: the largest per-step peak (the pipeline resets the mark per step), or GNU time's when larger.</param>
/// <param name="RawBytes">Bytes of the raw data on disk.</param>
/// <param name="OutputBytes">Bytes of the pipeline's output folder (prepared data, artifacts, reports) after the run.</param>
/// <param name="Steps">The steps pipeline.json recorded, in order.</param>
public sealed record CurvePoint(
    double Scale,
    string Size,
    long Users,
    long Tracks,
    long RawListens,
    string Status,
    string FailedStep,
    string Failure,
    double WallSeconds,
    long PeakRssBytes,
    long RawBytes,
    long OutputBytes,
    IReadOnlyList<CurveStep> Steps);

/// <summary>A step's growth: exponents of its time and peak memory against raw listens.</summary>
public sealed record StepGrowth(string Step, PowerLawFit? Time, PowerLawFit? Memory);

/// <summary>
/// curve.json: the pipeline's cost at several sizes (bench/scale/curve.sh). Collected from the run folder's size
/// folders, each with the script's size.json and a copy of the pipeline's pipeline.json.
/// </summary>
public sealed record ScaleCurve(int FormatVersion, IReadOnlyList<CurvePoint> Points)
{
    public const int CurrentFormat = 1;

    /// <summary>The name of the whole run in <see cref="Growth"/> and the tables.</summary>
    public const string WholeRun = "whole run";

    private const double GiB = 1024.0 * 1024 * 1024;

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // pipeline.json writes StepStatus as its number; read either form so a later change of that file's enum style
    // does not break the curve.
    private static readonly string[] s_statusNames = ["ran", "skipped", "failed"];

    /// <summary>Every size folder of <paramref name="runDirectory"/> that has a size.json, smallest data first.</summary>
    /// <exception cref="EncoreException">The folder is missing, has no size yet, or a record cannot be read.</exception>
    public static ScaleCurve Collect(string runDirectory)
    {
        if (!Directory.Exists(runDirectory))
        {
            throw new EncoreException($"--run: {runDirectory} does not exist.");
        }

        var points = new List<CurvePoint>();
        foreach (var folder in Directory.GetDirectories(runDirectory).Order(StringComparer.Ordinal))
        {
            var sizeFile = Path.Combine(folder, "size.json");
            if (File.Exists(sizeFile))
            {
                points.Add(ReadPoint(sizeFile, Path.Combine(folder, "pipeline.json")));
            }
        }

        if (points.Count == 0)
        {
            throw new EncoreException($"--run: {runDirectory} has no size folder with a size.json yet (bench/scale/curve.sh writes them).");
        }

        return new ScaleCurve(CurrentFormat, [.. points.OrderBy(p => p.RawListens).ThenBy(p => p.Scale)]);
    }

    /// <summary>Reads a curve.json written by <see cref="Write"/>.</summary>
    /// <exception cref="EncoreException">The file is missing, not JSON, of another format version, or has no sizes.</exception>
    public static ScaleCurve Read(string path)
    {
        ScaleCurve? curve;
        try
        {
            curve = JsonSerializer.Deserialize<ScaleCurve>(File.ReadAllText(path), s_json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            throw new EncoreException($"{path}: cannot be read as a curve.json: {e.Message}", e);
        }

        if (curve is null || curve.Points is null || curve.Points.Count == 0)
        {
            throw new EncoreException($"{path}: has no sizes (\"points\" is missing or empty).");
        }

        if (curve.FormatVersion != CurrentFormat)
        {
            throw new EncoreException($"{path}: format_version is {curve.FormatVersion}, this encore reads {CurrentFormat}.");
        }

        foreach (var point in curve.Points)
        {
            if (point.Steps is null || point.RawListens <= 0)
            {
                throw new EncoreException($"{path}: the size at scale {point.Scale.ToString(CultureInfo.InvariantCulture)} needs raw_listens > 0 and a steps list.");
            }
        }

        return curve;
    }

    /// <summary>Writes the curve whole or not at all (a temporary file, then a rename).</summary>
    public void Write(string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(folder);
            File.WriteAllText(temporary, JsonSerializer.Serialize(this, s_json) + "\n", new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new EncoreException($"{path}: cannot be written: {e.Message}", e);
        }
    }

    /// <summary>The step names in the order the pipeline ran them, over every size.</summary>
    public IReadOnlyList<string> StepNames()
    {
        var names = new List<string>();
        foreach (var step in Points.SelectMany(p => p.Steps))
        {
            if (!names.Contains(step.Step))
            {
                names.Add(step.Step);
            }
        }

        return names;
    }

    /// <summary>
    /// Per step, then for the whole run: exponents of time and peak RSS against raw listens, over the sizes where the
    /// step finished (a size that failed later still measured its earlier steps).
    /// </summary>
    public IReadOnlyList<StepGrowth> Growth()
    {
        var growth = new List<StepGrowth>();
        foreach (var name in StepNames())
        {
            var measured = Points
                .Select(p => (p.RawListens, Step: p.Steps.FirstOrDefault(s => s.Step == name)))
                .Where(m => m.Step is { Measured: true })
                .ToList();
            var xs = measured.Select(m => (double)m.RawListens).ToList();
            growth.Add(new StepGrowth(
                name,
                PowerLawFit.Fit(xs, [.. measured.Select(m => m.Step!.Seconds)]),
                PowerLawFit.Fit(xs, [.. measured.Select(m => (double)m.Step!.PeakRssBytes)])));
        }

        var whole = Points.Where(p => p.Status == "ok").ToList();
        var wholeXs = whole.Select(p => (double)p.RawListens).ToList();
        growth.Add(new StepGrowth(
            WholeRun,
            PowerLawFit.Fit(wholeXs, [.. whole.Select(p => p.WallSeconds)]),
            PowerLawFit.Fit(wholeXs, [.. whole.Select(p => (double)p.PeakRssBytes)])));
        return growth;
    }

    /// <summary>Three tables for bench/RESULTS.md: seconds per step per size, peak GiB per step per size, exponents.</summary>
    public string ToMarkdown()
    {
        var steps = StepNames();
        var text = new StringBuilder();

        text.Append("Wall time per step (seconds):\n\n");
        var times = new MarkdownTable([">size", ">users", ">tracks", ">raw listens", .. steps.Select(s => ">" + s), $">{WholeRun}", "status"]);
        foreach (var point in Points)
        {
            times.Row([
                SizeLabel(point), Number(point.Users, "N0"), Number(point.Tracks, "N0"), Number(point.RawListens, "N0"),
                .. steps.Select(s => Cell(point, s, step => Number(step.Seconds, "F1"))),
                point.Status == "ok" ? Number(point.WallSeconds, "F1") : "—",
                point.Status == "ok" ? "ok" : ReportFormat.Cell($"failed in {point.FailedStep}: {point.Failure}"),
            ]);
        }

        times.WriteTo(text);
        text.Append("\nPeak RSS per step (GiB):\n\n");
        var memory = new MarkdownTable([">size", ">raw listens", .. steps.Select(s => ">" + s), $">{WholeRun}", ">disk (raw + output, GB)"]);
        foreach (var point in Points)
        {
            memory.Row([
                SizeLabel(point), Number(point.RawListens, "N0"),
                .. steps.Select(s => Cell(point, s, step => Number(step.PeakRssBytes / GiB, "F2"))),
                Number(point.PeakRssBytes / GiB, "F2"),
                Number((point.RawBytes + point.OutputBytes) / 1e9, "F2"),
            ]);
        }

        memory.WriteTo(text);
        text.Append("\nGrowth exponent k (least squares of log cost on log raw listens; cost ∝ listens^k):\n\n");
        var exponents = new MarkdownTable("step", ">time k", ">peak RSS k", ">sizes fitted");
        foreach (var growth in Growth())
        {
            exponents.Row(
                growth.Step,
                growth.Time is null ? "—" : Number(growth.Time.Exponent, "F2"),
                growth.Memory is null ? "—" : Number(growth.Memory.Exponent, "F2"),
                (growth.Time?.Points ?? 0).ToString(CultureInfo.InvariantCulture));
        }

        exponents.WriteTo(text);
        return text.ToString();
    }

    private static string Cell(CurvePoint point, string name, Func<CurveStep, string> format)
    {
        var step = point.Steps.FirstOrDefault(s => s.Step == name);
        return step switch
        {
            null => point.FailedStep == name ? "killed" : "—",
            { Measured: true } => format(step),
            _ => step.Status,
        };
    }

    private static string SizeLabel(CurvePoint point) =>
        string.IsNullOrEmpty(point.Size) ? Number(point.Scale, "G4") : ReportFormat.Cell(point.Size);

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static CurvePoint ReadPoint(string sizeFile, string pipelineFile)
    {
        SizeRecord? size;
        try
        {
            size = JsonSerializer.Deserialize<SizeRecord>(File.ReadAllText(sizeFile), s_json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            throw new EncoreException($"{sizeFile}: cannot be read: {e.Message}", e);
        }

        if (size is null || size.RawListens <= 0 || size.Scale <= 0)
        {
            throw new EncoreException($"{sizeFile}: needs scale > 0 and raw_listens > 0.");
        }

        var steps = File.Exists(pipelineFile) ? ReadSteps(pipelineFile) : [];
        var peak = Math.Max(size.GnuTimeMaxRssKb * 1024, steps.Count == 0 ? 0 : steps.Max(s => s.PeakRssBytes));
        return new CurvePoint(
            size.Scale, size.Size ?? size.Scale.ToString("G4", CultureInfo.InvariantCulture), size.Users, size.Tracks, size.RawListens, size.Status ?? "failed", size.FailedStep ?? "", size.Failure ?? "",
            size.WallS, peak, size.RawBytes, size.OutputBytes, steps);
    }

    private static List<CurveStep> ReadSteps(string pipelineFile)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(pipelineFile));
            var steps = new List<CurveStep>();
            foreach (var step in document.RootElement.GetProperty("steps").EnumerateArray())
            {
                var status = step.GetProperty("status");
                var statusName = status.ValueKind == JsonValueKind.Number
                    ? s_statusNames.ElementAtOrDefault(status.GetInt32()) ?? status.GetInt32().ToString(CultureInfo.InvariantCulture)
                    : status.GetString()!.ToLowerInvariant();
                steps.Add(new CurveStep(
                    step.GetProperty("step").GetString()!,
                    statusName,
                    step.GetProperty("seconds").GetDouble(),
                    step.GetProperty("peak_rss_bytes").GetInt64()));
            }

            return steps;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EncoreException($"{pipelineFile}: cannot be read as a pipeline.json: {e.Message}", e);
        }
    }

    /// <summary>size.json as bench/scale/curve.sh writes it.</summary>
    private sealed record SizeRecord(
        double Scale,
        string? Size,
        long Users,
        long Tracks,
        long RawListens,
        string? Status,
        string? FailedStep,
        string? Failure,
        double WallS,
        long GnuTimeMaxRssKb,
        long RawBytes,
        long OutputBytes);
}
