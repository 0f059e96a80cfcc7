using System.Text;
using System.Text.Json.Nodes;
using Encore.Core.Config;

namespace Encore.Core.Ranking;

/// <summary>
/// ranker.json: the options, the feature list, the training set (users, rows, positives), the candidates' recall in
/// the label window, the feature importance, readable names of the numbered features (<c>feature_labels</c>) and the
/// timings of one <see cref="RankerTrainer.Train(string, string, RankerOptions, IProgress{ProgressUpdate}?, CancellationToken)"/> run.
/// </summary>
public static class RankerJson
{
    public const int FormatVersion = 1;

    /// <summary>Writes <paramref name="summary"/> to <paramref name="path"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="options">The ranker's options.</param>
    /// <param name="features">Feature names in column order.</param>
    /// <param name="summary">The run's figures.</param>
    /// <param name="labels">Readable names of features (<see cref="RankerFeatures.Labels"/>); null or empty writes none.</param>
    public static void Write(
        string path, RankerOptions options, IReadOnlyList<string> features, RankerSummary summary, IReadOnlyDictionary<string, string>? labels = null)
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
            ["candidate_recall"] = RecallNode(recall),
            ["recommendations"] = new JsonObject
            {
                ["users"] = summary.Users,
                ["rows"] = summary.Rows,
            },
            ["importance"] = importance,
        };
        if (labels is { Count: > 0 })
        {
            var named = new JsonObject();
            foreach (var feature in features.Where(labels.ContainsKey))
            {
                named[feature] = labels[feature];
            }

            json["feature_labels"] = named;
        }

        json["timings_s"] = timings;
        File.WriteAllText(path, ConfigJson.Indented(json) + "\n", new UTF8Encoding(false));
    }

    /// <summary>
    /// The candidate recall, feature importance and readable feature names (empty for a ranker.json written before
    /// they were recorded) of a ranker.json, for the report.
    /// </summary>
    /// <exception cref="EncoreException">The file is missing or not a ranker.json.</exception>
    public static (CandidateRecall Recall, IReadOnlyList<KeyValuePair<string, double>> Importance, IReadOnlyDictionary<string, string> Labels) Read(
        string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw Invalid(path, "not a JSON object");
            var recall = Field(root, "candidate_recall", path);
            var importance = Field(root, "importance", path)
                .Select(p => new KeyValuePair<string, double>(p.Key, p.Value?.GetValue<double>() ?? double.NaN))
                .ToList();
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root["feature_labels"] is JsonObject named)
            {
                foreach (var (feature, label) in named)
                {
                    labels[feature] = label?.GetValue<string>() ?? feature;
                }
            }

            return (
                new CandidateRecall(
                    recall["new_listens"]?.GetValue<long>() ?? 0,
                    Value(recall["all"]),
                    [.. recall.Where(p => p.Key is not ("new_listens" or "all")).Select(p => new KeyValuePair<string, double>(p.Key, Value(p.Value)))]),
                importance,
                labels);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid(path, e.Message, e);
        }
    }

    // new_listens, all, then each source by name in registered order.
    private static JsonObject RecallNode(CandidateRecall recall)
    {
        var node = new JsonObject
        {
            ["new_listens"] = recall.NewListens,
            ["all"] = Number(recall.All),
        };
        foreach (var (source, value) in recall.Sources)
        {
            node[source] = Number(value);
        }

        return node;
    }

    private static JsonObject Field(JsonObject root, string name, string path) =>
        root[name] as JsonObject ?? throw Invalid(path, $"no '{name}' object");

    private static EncoreException Invalid(string path, string why, Exception? inner = null) => inner is null
        ? new($"{path}: not a readable ranker.json ({why}).")
        : new($"{path}: not a readable ranker.json ({why}).", inner);

    private static JsonNode? Number(double value) => double.IsNaN(value) ? null : Math.Round(value, 6);

    private static double Value(JsonNode? node) => node is null ? double.NaN : node.GetValue<double>();
}
