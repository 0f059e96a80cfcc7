using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Encore.Core.Evaluation.Replay;

/// <summary>
/// The <c>replay</c> section of metrics.json: the parameters, case counts, and per strategy each metric's mean over
/// c ≥ 1 plus its curve by checkpoint (<c>by_checkpoint</c>: index c, null where no case has that c).
/// </summary>
/// <remarks>
/// The section is merged into an existing metrics.json (another protocol's models are kept as they were), and
/// numbers use the shortest text that reads back to the same double, so the file is byte-identical for the same result.
/// </remarks>
public static class ReplayResultJson
{
    /// <summary>The key of the section.</summary>
    public const string Section = "replay";

    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// <paramref name="metricsJson"/> (metrics.json's text, or null for none) with its <c>replay</c> section set to
    /// <paramref name="result"/>; every other key is kept, in its place.
    /// </summary>
    /// <exception cref="EncoreException">The existing text is not a JSON object.</exception>
    public static string Merge(string? metricsJson, ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        JsonObject root;
        try
        {
            root = metricsJson is null ? [] : JsonNode.Parse(metricsJson) as JsonObject
                ?? throw new EncoreException("metrics.json: the file is not a JSON object; delete it or run 'encore evaluate' again.");
        }
        catch (JsonException e)
        {
            throw new EncoreException($"metrics.json: not valid JSON ({e.Message}); delete it or run 'encore evaluate' again.", e);
        }

        root[Section] = JsonNode.Parse(SectionJson(result));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            root.WriteTo(writer);
        }

        stream.WriteByte((byte)'\n');
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Sets the section in the metrics.json at <paramref name="path"/>, creating the file when there is none.</summary>
    public static void MergeInto(string path, ReplayResult result, string? existingPath = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var source = existingPath ?? path;
        var text = File.Exists(source) ? File.ReadAllText(source) : null;
        File.WriteAllText(path, Merge(text, result), new UTF8Encoding(false));
    }

    /// <summary>The section alone, as JSON text.</summary>
    public static string SectionJson(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            var options = result.Options;
            writer.WriteStartObject();
            writer.WriteStartArray("k");
            foreach (var k in Cutoffs.Normalise(options.K))
            {
                writer.WriteNumberValue(k);
            }

            writer.WriteEndArray();
            writer.WriteNumber("checkpoints", options.Checkpoints);
            writer.WriteNumber("stored_events", options.StoredEvents);
            writer.WriteNumber("target", options.Target);
            writer.WriteNumber("online_history", options.OnlineHistory);
            writer.WriteString("merge", options.Merge.ToString().ToLowerInvariant());
            if (options.Users is { } sample)
            {
                writer.WriteNumber("sample", sample);
                writer.WriteNumber("seed", options.Seed);
            }

            writer.WriteNumber("listeners", result.Listeners);
            writer.WriteNumber("cases", result.Cases);
            writer.WriteNumber("cases_after_first_listen", result.CasesAfterFirstListen);
            writer.WriteStartArray("cases_by_checkpoint");
            foreach (var count in result.CasesByCheckpoint)
            {
                writer.WriteNumberValue(count);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("strategies");
            foreach (var strategy in result.Strategies)
            {
                writer.WriteStartObject(strategy.Strategy);
                for (var m = 0; m < result.Metrics.Count; m++)
                {
                    Number(writer, result.Metrics[m], strategy.Means[m]);
                }

                writer.WriteStartObject("by_checkpoint");
                for (var m = 0; m < result.Metrics.Count; m++)
                {
                    writer.WriteStartArray(result.Metrics[m]);
                    foreach (var value in strategy.ByCheckpoint[m])
                    {
                        if (double.IsFinite(value))
                        {
                            writer.WriteNumberValue(value);
                        }
                        else
                        {
                            writer.WriteNullValue();
                        }
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
