using System.Globalization;
using System.Text.Json;

namespace Encore.Core.Data;

/// <summary>
/// Writes split.json: the split parameters and counts (docs/seed.md §3) in a fixed key order, indented with
/// "\n" line ends on every OS, so the file is byte-identical across runs and machines.
/// </summary>
internal static class SplitJson
{
    /// <summary>Writes <paramref name="summary"/>'s split to <paramref name="path"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="summary">What <c>prepare</c> counted.</param>
    /// <param name="items">Rows of items.parquet.</param>
    public static void Write(string path, PrepareSummary summary, long items)
    {
        var split = summary.Split;
        using var stream = File.Create(path);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("split_date", split.SplitDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("subsample_step", summary.SubsampleStep);
            json.WriteStartObject("train");
            json.WriteNumber("events", split.TrainEvents);
            json.WriteNumber("users", split.TrainUsers);
            json.WriteEndObject();
            json.WriteStartObject("test");
            json.WriteNumber("events", split.TestEvents);
            json.WriteNumber("users", split.TestUsers);
            json.WriteEndObject();
            // Cold users are test users with no train event: personal models cannot serve them.
            json.WriteNumber("cold_users", split.ColdUsers);
            json.WriteNumber("warm_test_users", split.TestUsers - split.ColdUsers);
            json.WriteNumber("events", split.TrainEvents + split.TestEvents);
            json.WriteNumber("users", split.TrainUsers + split.ColdUsers);
            json.WriteNumber("items", items);
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>The <c>split_date</c> of a split.json written by <c>prepare</c>.</summary>
    /// <exception cref="EncoreException">The file is missing, not JSON, or has no valid split_date.</exception>
    public static DateOnly ReadSplitDate(string path)
    {
        if (!File.Exists(path))
        {
            throw new EncoreException($"{path}: file not found (pass --split-date or run prepare first).");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("split_date", out var value)
                && value.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
        }
        catch (JsonException e)
        {
            throw new EncoreException($"{path}: not valid JSON ({e.Message}).", e);
        }

        throw new EncoreException($"{path}: no 'split_date' in the form yyyy-MM-dd.");
    }
}
