using System.Globalization;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Ranking.Live;
using Encore.Core.Serving;
using Encore.Server.Serving;

namespace Encore.Server.Apis;

/// <summary>
/// The ranker part of explain=true: for a track the live ranker ranked (kind=live, or a track of the batch ranker's
/// list that is among the live ranker's candidates for this listener now), the candidate sources that proposed it and
/// the <see cref="TopFeatures"/> features that raised its live score most (<see cref="RankerModel.TopContributions"/>:
/// TreeSHAP contributions, positive ones, largest first), with readable names and their values.
/// </summary>
/// <remarks>
/// The live ranking is run again once per request, with the request's own stored events (so it is the ranking the
/// list came from), and only when a track needs it: a request without explain pays nothing. The batch ranker's own
/// features (ranker_model.bin, built from the prepared data at training time) are not available to the service, so
/// for its tracks the features shown are the live ranker's, computed now.
/// </remarks>
internal sealed class LiveExplanations(RecommendationResult result, long userId)
{
    /// <summary>How many features an explanation names at most.</summary>
    public const int TopFeatures = 3;

    private Dictionary<int, (int Rank, LiveItem Item)>? _ranked;
    private IReadOnlyList<string> _featureNames = [];

    private LiveRecommender? Live => result.Set.Live as LiveRecommender;

    /// <summary>The explanation of a track of a live list.</summary>
    public ExplanationView OfLiveItem(int item)
    {
        if (Find(item, result.LiveDepth) is not (var rank, { } live))
        {
            return new ExplanationView("live", "ranked by the live ranker");
        }

        var features = Features(live);
        var reason = $"live rank {rank}; proposed by {string.Join(", ", live.Sources)}" + Raised(features);
        return new ExplanationView("live", reason, rank, null, live.Sources, features);
    }

    /// <summary>
    /// For a track of the batch ranker's list: the live ranker's sources and top features for it now, and those words
    /// for the reason; null without a live ranker, or when the track is not among its candidates for this listener.
    /// </summary>
    public (IReadOnlyList<string> Sources, IReadOnlyList<FeatureView>? Features, string Reason)? OfRankerItem(int item)
    {
        if (Live is not { } live || Find(item, RecommendationService.LiveDepth(live, result.List.Items.Length)) is not (var rank, { } ranked))
        {
            return null;
        }

        var features = Features(ranked);
        return (ranked.Sources, features, $"; live ranker now: rank {rank}, proposed by {string.Join(", ", ranked.Sources)}" + Raised(features));
    }

    private (int Rank, LiveItem Item)? Find(int item, int depth)
    {
        if (_ranked is null)
        {
            _ranked = [];
            if (result.Set.Live is { } live && depth > 0)
            {
                var list = live.Explain(userId, result.Events, depth);
                _featureNames = list.FeatureNames;
                for (var i = 0; i < list.Items.Count; i++)
                {
                    _ranked.TryAdd(list.Items[i].ItemId, (i + 1, list.Items[i]));
                }
            }
        }

        return _ranked.TryGetValue(item, out var found) ? found : null;
    }

    /// <summary>The features that raised the track's live score most; null when the live model cannot tell (a format-1 file).</summary>
    private List<FeatureView>? Features(LiveItem item)
    {
        if (Live?.Model is not { HasContributions: true } model)
        {
            return null;
        }

        var row = InModelOrder(model, item.Features);
        return row is null
            ? null
            : [.. model.TopContributions(row, TopFeatures).Select(c => new FeatureView(
                c.Feature,
                FeatureLabels.Readable(c.Feature),
                float.IsNaN(c.Value) ? null : Math.Round(c.Value, 6),
                Math.Round(c.Contribution, 6)))];
    }

    /// <summary>The item's features in the model's column order (they normally are); null when the model wants one the list lacks.</summary>
    private float[]? InModelOrder(RankerModel model, float[] features)
    {
        if (model.FeatureNames.SequenceEqual(_featureNames, StringComparer.Ordinal))
        {
            return features;
        }

        var row = new float[model.FeatureNames.Count];
        for (var f = 0; f < row.Length; f++)
        {
            var column = IndexOf(_featureNames, model.FeatureNames[f]);
            if (column < 0)
            {
                return null;
            }

            row[f] = features[column];
        }

        return row;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Raised(List<FeatureView>? features) => features is { Count: > 0 }
        ? "; raised most by " + string.Join(", ", features.Select(f => $"{f.Name} = {Format(f.Value)} (+{Format(f.Contribution)})"))
        : "";

    private static string Format(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "missing";
}
