using System.Text;
using System.Text.Json.Nodes;
using Encore.Core.Config;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Ranking.Live;

/// <summary>What training the live ranker produced: rows, listeners, checkpoints and positives.</summary>
public sealed record LiveTrainingSummary(int Users, int Checkpoints, long Rows, long Positives, double Recall);

/// <summary>
/// live_ranker.json: the live ranker's options (serving builds its candidates from them), features, training rows,
/// the candidates' recall of the replayed targets, and the feature importance.
/// </summary>
public static class LiveRankerJson
{
    public const int FormatVersion = 1;

    public static void Write(string path, LiveOptions options, RankerModel model, LiveTrainingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(summary);
        var importance = new JsonObject();
        foreach (var feature in model.Importance())
        {
            importance[feature.Feature] = Math.Round(feature.Gain, 6);
        }

        var json = new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["options"] = ConfigJson.ToNode(options),
            ["features"] = new JsonArray([.. model.FeatureNames.Select(f => (JsonNode)f)]),
            ["train"] = new JsonObject
            {
                ["users"] = summary.Users,
                ["checkpoints"] = summary.Checkpoints,
                ["rows"] = summary.Rows,
                ["positives"] = summary.Positives,
                ["candidate_recall"] = double.IsNaN(summary.Recall) ? null : Math.Round(summary.Recall, 6),
            },
            ["importance"] = importance,
        };
        File.WriteAllText(path, ConfigJson.Indented(json) + "\n", new UTF8Encoding(false));
    }

    /// <summary>The options recorded in <paramref name="path"/>.</summary>
    /// <exception cref="EncoreException">The file is missing or not a live_ranker.json (named).</exception>
    public static LiveOptions ReadOptions(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path), documentOptions: ConfigJson.DocumentOptions) as JsonObject;
            var options = root?["options"] as JsonObject ?? throw new EncoreException($"{path}: not a readable live_ranker.json (no 'options' object).");
            var read = ConfigJson.Bind<LiveOptions>(options, "options", path);
            read.Validate();
            return read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new EncoreException($"{path}: not a readable live_ranker.json ({e.Message}).", e);
        }
    }
}
