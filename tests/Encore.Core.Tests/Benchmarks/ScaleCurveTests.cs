using System.Globalization;
using Encore.Core.Benchmarks;

namespace Encore.Core.Tests.Benchmarks;

/// <summary>The scale curve's exponent fit, its size folders → curve.json → report path, and its bad-input errors.</summary>
public sealed class ScaleCurveTests : IDisposable
{
    private static readonly string[] s_stepNames = ["prepare", "train"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1.0, 3.0)]
    [InlineData(1.5, 0.002)]
    [InlineData(0.5, 40.0)]
    [InlineData(2.0, 1e-9)]
    public void AnExactPowerLawGivesBackItsExponentAndCoefficient(double exponent, double coefficient)
    {
        double[] xs = [1e5, 3e6, 2.2e8, 4.4e8];
        var ys = xs.Select(x => coefficient * Math.Pow(x, exponent)).ToArray();

        var fit = PowerLawFit.Fit(xs, ys)!;

        Assert.Equal(exponent, fit.Exponent, 9);
        Assert.Equal(coefficient, fit.Coefficient, coefficient * 1e-6);
        Assert.Equal(4, fit.Points);
    }

    [Fact]
    public void TheFitIsTheLeastSquaresSlopeOfLogYOnLogX()
    {
        // log10 x = 0, 1, 2; log10 y = 0, 2, 2: the least-squares slope is 1 (not 2 from the first pair, 0 from the last).
        var fit = PowerLawFit.Fit([1, 10, 100], [1, 100, 100])!;

        Assert.Equal(1.0, fit.Exponent, 12);
    }

    [Fact]
    public void PointsThatCannotBeOnALogLogLineAreLeftOutAndOneDistinctXGivesNoFit()
    {
        var fit = PowerLawFit.Fit([0, 10, 100, -5, 1000], [7, 20, 200, 3, double.NaN])!;
        Assert.Equal(1.0, fit.Exponent, 12);
        Assert.Equal(2, fit.Points);

        Assert.Null(PowerLawFit.Fit([10], [5]));
        Assert.Null(PowerLawFit.Fit([10, 10], [5, 6]));
    }

    [Fact]
    public void CollectReadsEverySizeFolderSortsByListensAndFitsEachStep()
    {
        // Three sizes where train costs listens^1.2 and prepare listens^1, the middle one written first.
        WriteSize("size-0.5", 0.5, 100_000_000, "ok", steps: Steps(1e8));
        WriteSize("size-0.25", 0.25, 50_000_000, "ok", steps: Steps(5e7));
        WriteSize("size-1", 1, 200_000_000, "ok", steps: Steps(2e8));

        var curve = ScaleCurve.Collect(_dir.Path);

        Assert.Equal([50_000_000L, 100_000_000L, 200_000_000L], curve.Points.Select(p => p.RawListens));
        Assert.Equal(["prepare", "train"], curve.StepNames());
        var growth = curve.Growth().ToDictionary(g => g.Step);
        Assert.Equal(1.0, growth["prepare"].Time!.Exponent, 9);
        Assert.Equal(1.2, growth["train"].Time!.Exponent, 9);
        Assert.Equal(0.8, growth["train"].Memory!.Exponent, 9);
        Assert.Equal(3, growth[ScaleCurve.WholeRun].Time!.Points);
        // The run's peak is the largest step's, since GNU time's figure is only the last step's.
        Assert.Equal(StepPeak("train", 2e8), curve.Points[2].PeakRssBytes);
    }

    [Fact]
    public void ACurveWrittenAndReadBackIsTheSameAndItsReportNamesAKilledStep()
    {
        WriteSize("size-0.5", 0.5, 100_000_000, "ok", steps: Steps(1e8));
        WriteSize("size-1", 1, 200_000_000, "ok", steps: Steps(2e8));
        WriteSize(
            "size-2", 2, 400_000_000, "failed", steps: Steps(4e8)[..1], failedStep: "train",
            failure: "killed (exit 137, dmesg not readable), likely out of memory; last RSS 21.50 GiB");
        var path = _dir.Combine("curve.json");

        ScaleCurve.Collect(_dir.Path).Write(path);
        var curve = ScaleCurve.Read(path);

        Assert.Equal(3, curve.Points.Count);
        Assert.Equal("failed", curve.Points[2].Status);
        Assert.Equal("train", curve.Points[2].FailedStep);
        Assert.Equal(Steps(1e8).Length, curve.Points[0].Steps.Count);
        Assert.Equal("ran", curve.Points[0].Steps[0].Status);
        var markdown = curve.ToMarkdown();
        Assert.Contains("| killed |", markdown, StringComparison.Ordinal);
        Assert.Contains("failed in train: killed (exit 137, dmesg not readable), likely out of memory; last RSS 21.50 GiB", markdown, StringComparison.Ordinal);
        // The failed size still measured prepare, so prepare fits over three sizes and train over two.
        var growth = curve.Growth().ToDictionary(g => g.Step);
        Assert.Equal(3, growth["prepare"].Time!.Points);
        Assert.Equal(2, growth["train"].Time!.Points);
    }

    [Fact]
    public void TheChartIsAPngWithBothPanels()
    {
        WriteSize("size-0.5", 0.5, 100_000_000, "ok", steps: Steps(1e8));
        WriteSize("size-1", 1, 200_000_000, "ok", steps: Steps(2e8));
        var path = _dir.Combine("charts", "scale_curve.png");

        ScaleCurveChart.Save(ScaleCurve.Collect(_dir.Path), path);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        // Width is big-endian at byte 16 of the IHDR chunk: two panels side by side are 1.5 charts wide.
        Assert.Equal(1500, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
    }

    [Fact]
    public void BadInputIsAnErrorNamingTheFile()
    {
        var empty = Assert.Throws<EncoreException>(() => ScaleCurve.Collect(_dir.Path));
        Assert.Contains("no size folder", empty.Message, StringComparison.Ordinal);

        Directory.CreateDirectory(_dir.Combine("size-1"));
        File.WriteAllText(_dir.Combine("size-1", "size.json"), "{ \"scale\": 1, \"raw_listens\": ");
        var broken = Assert.Throws<EncoreException>(() => ScaleCurve.Collect(_dir.Path));
        Assert.Contains(_dir.Combine("size-1", "size.json"), broken.Message, StringComparison.Ordinal);

        var curveFile = _dir.Combine("curve.json");
        File.WriteAllText(curveFile, "{ \"format_version\": 1, \"points\": [] }");
        var noPoints = Assert.Throws<EncoreException>(() => ScaleCurve.Read(curveFile));
        Assert.Contains(curveFile, noPoints.Message, StringComparison.Ordinal);

        File.WriteAllText(curveFile, "{ \"format_version\": 99, \"points\": [ { \"raw_listens\": 5, \"steps\": [] } ] }");
        Assert.Contains("format_version is 99", Assert.Throws<EncoreException>(() => ScaleCurve.Read(curveFile)).Message, StringComparison.Ordinal);
    }

    private static double StepSeconds(string step, double listens) => step == "prepare" ? 2e-7 * listens : 1e-8 * Math.Pow(listens, 1.2);

    private static long StepPeak(string step, double listens) => (long)(step == "prepare" ? 20 * listens : 3000 * Math.Pow(listens, 0.8));

    /// <summary>pipeline.json's steps as the pipeline writes them (status as StepStatus's number, 0 = ran).</summary>
    private static string[] Steps(double listens) =>
    [
        .. s_stepNames.Select(step =>
            $"{{ \"step\": \"{step}\", \"status\": 0, \"reason\": \"no earlier run\", \"seconds\": {StepSeconds(step, listens).ToString("R", CultureInfo.InvariantCulture)}, " +
            $"\"peak_rss_bytes\": {StepPeak(step, listens)}, \"fingerprint\": \"ab\" }}"),
    ];

    private void WriteSize(string folder, double scale, long listens, string status, string[] steps, string failedStep = "", string failure = "")
    {
        var path = _dir.Combine(folder);
        Directory.CreateDirectory(path);
        var wall = (steps.Length * 10.0 * scale).ToString(CultureInfo.InvariantCulture);
        var scaleText = scale.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(path, "size.json"), $$"""
            { "scale": {{scaleText}}, "size": "{{scaleText}}", "users": {{(long)(1373221 * scale)}}, "tracks": {{(long)(1000000 * scale)}},
              "raw_listens": {{listens}}, "generate_s": 1.5, "status": "{{status}}", "exit_code": {{(status == "ok" ? 0 : 137)}},
              "failed_step": "{{failedStep}}", "failure": "{{failure}}", "wall_s": {{wall}}, "gnu_time_max_rss_kb": 1000,
              "last_rss_kb": 0, "raw_bytes": {{listens * 4}}, "output_bytes": {{listens * 9}}, "cores": 2, "finished_utc": "2026-12-04T20:00:00Z" }
            """);
        File.WriteAllText(Path.Combine(path, "pipeline.json"), $$"""
            { "format_version": 1, "started_utc": "2026-12-04T19:00:00Z", "raw_directory": "r", "output_directory": "o",
              "total_seconds": {{wall}}, "peak_rss_per_step": true, "steps": [ {{string.Join(", ", steps)}} ] }
            """);
    }
}
