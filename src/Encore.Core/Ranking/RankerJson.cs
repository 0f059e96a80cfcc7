using System.Text;
using System.Text.Json.Nodes;
using Encore.Core.Pipeline;

namespace Encore.Core.Ranking;

/// <summary>
/// ranker.json: the options, the feature list, the training set (users, rows, positives), the candidates' recall in
/// the label window, the feature importance and the timings of one <see cref="RankerTrainer.Train"/> run.
/// </summary>
public static class RankerJson
{
    public const int FormatVersion = 1;

    /// <summary>Writes <paramref name="summary"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, RankerOptions options, IReadOnlyList<string> features, RankerSummary summary)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(summary);
        var recall = summary.Recall;
        var importance = new JsonObject();
        foreach (var feature in summary.Importance)
        {
            importance[feature.Feature] = Math.Round(feature.Gain, 6);
        }

        var timings = new JsonObject();
        foreach (var (step, seconds) in summary.TimingsSeconds)
        {
            timings[step] = Math.Round(seconds, 3);
        }

        var json = new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["options"] = ConfigJson.ToNode(options),
            ["features"] = new JsonArray([.. features.Select(f => (JsonNode)f)]),
            ["train"] = new JsonObject
            {
                ["users"] = summary.TrainUsers,
                ["rows"] = summary.TrainRows,
                ["positives"] = summary.TrainPositives,
            },
            ["candidate_recall"] = new JsonObject
            {
                ["new_listens"] = recall.NewListens,
                ["all"] = Number(recall.All),
                ["als"] = Number(recall.Als),
                ["similar"] = Number(recall.Similar),
                ["popular"] = Number(recall.Popular),
            },
            ["recommendations"] = new JsonObject
            {
                ["users"] = summary.Users,
                ["rows"] = summary.Rows,
            },
            ["importance"] = importance,
            ["timings_s"] = timings,
        };
        File.WriteAllText(path, ConfigJson.Indented(json) + "\n", new UTF8Encoding(false));
    }

    /// <summary>The candidate recall and feature importance of a ranker.json, for the report.</summary>
    /// <exception cref="EncoreException">The file is missing or not a ranker.json.</exception>
    public static (CandidateRecall Recall, IReadOnlyList<KeyValuePair<string, double>> Importance) Read(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw Invalid(path, "not a JSON object");
            var recall = Field(root, "candidate_recall", path);
            var importance = Field(root, "importance", path)
                .Select(p => new KeyValuePair<string, double>(p.Key, p.Value?.GetValue<double>() ?? double.NaN))
                .ToList();
            return (
                new CandidateRecall(
                    recall["new_listens"]?.GetValue<long>() ?? 0,
                    Value(recall["all"]), Value(recall["als"]), Value(recall["similar"]), Value(recall["popular"])),
                importance);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid(path, e.Message, e);
        }
    }

    private static JsonObject Field(JsonObject root, string name, string path) =>
        root[name] as JsonObject ?? throw Invalid(path, $"no '{name}' object");

    private static EncoreException Invalid(string path, string why, Exception? inner = null) => inner is null
        ? new($"{path}: not a readable ranker.json ({why}).")
        : new($"{path}: not a readable ranker.json ({why}).", inner);

    private static JsonNode? Number(double value) => double.IsNaN(value) ? null : Math.Round(value, 6);

    private static double Value(JsonNode? node) => node is null ? double.NaN : node.GetValue<double>();
}
