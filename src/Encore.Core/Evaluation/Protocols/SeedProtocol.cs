using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Metrics;

namespace Encore.Core.Evaluation.Protocols;

/// <summary>
/// The seed's evaluation (docs/seed.md §5.1–5.6), quirks included, so Encore's numbers sit next to the seed's table
/// (§5.7). See docs/metrics.md, "seed protocol", for each quirk.
/// </summary>
/// <remarks>
/// Per k: precision@k and recall@k over common users (test users that have a list), against test items that
/// appear somewhere in train; precision divides by the recommendations shown; f1@k from the averaged P and R
/// (NaN when both are 0); novelty@k over every user with a list. Then coverage over all lists and all ranks,
/// and cold-user stats on each cold user's top <see cref="ColdDepth"/>.
/// </remarks>
public sealed class SeedProtocol : IEvaluationProtocol
{
    /// <summary>The seed checks cold users against the top-100 list (§5.6).</summary>
    public const int ColdDepth = 100;

    private readonly EvaluationData _data;
    private readonly int[] _ks;
    private readonly UserLists _testOfTrainItems;
    private readonly int[] _coldUsers;

    /// <exception cref="EncoreException">The k list is empty or holds a k below 1.</exception>
    public SeedProtocol(EvaluationData data, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
        _ks = Cutoffs.Normalise(ks);
        _testOfTrainItems = KeepTrainItems(data.Test, data.Popularity);
        _coldUsers = data.ColdUsers();
    }

    public string Name => "seed";

    public IReadOnlyList<int> K => _ks;

    public ModelScores Evaluate(string model, UserLists recommendations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        var depth = _ks[^1];
        var common = Intersect(_data.Test.Users, recommendations.Users);
        var accuracy = EvaluationContext.Build(
            common, recommendations, depth, test: _testOfTrainItems, cancellationToken: cancellationToken);
        var listed = EvaluationContext.Build(
            recommendations.Users, recommendations, depth, train: _data.Train, catalogSize: _data.CatalogSize,
            cancellationToken: cancellationToken);
        var cold = EvaluationContext.Build(
            _coldUsers, recommendations, ColdDepth, test: _data.Test, cancellationToken: cancellationToken);

        var values = new List<MetricValue>
        {
            new("users", accuracy.UserCount, MetricKind.Count),
            new("rec_users", listed.UserCount, MetricKind.Count),
        };
        foreach (var k in _ks)
        {
            values.Add(Value(new Precision(k, PrecisionDenominator.Shown), accuracy));
            values.Add(Value(new Recall(k), accuracy));
            values.Add(Value(new F1OfMeans(k), accuracy));
            values.Add(Value(new UnheardShare(k, "novelty"), listed));
        }

        values.Add(Value(new ListCoverage(), listed));
        values.Add(new MetricValue("cold_users", cold.UserCount, MetricKind.Count));
        values.Add(new MetricValue($"cold_event_share@{ColdDepth}", new EventShare(ColdDepth).Calculate(cold)));
        values.Add(new MetricValue($"cold_user_coverage@{ColdDepth}", new HitRate(ColdDepth).Calculate(cold)));
        values.Add(new MetricValue($"cold_mean_hits@{ColdDepth}", new MeanHitsOfHitUsers(ColdDepth).Calculate(cold)));
        return new ModelScores(model, values);
    }

    private static MetricValue Value(IMetric metric, EvaluationContext context) =>
        new(metric.Name, metric.Calculate(context));

    /// <summary>§5.1 step 4: test items nobody played in train are dropped, since the model could not know them.</summary>
    private static UserLists KeepTrainItems(UserLists test, ItemPopularity popularity)
    {
        var builder = new UserSetsBuilder();
        for (var u = 0; u < test.UserCount; u++)
        {
            foreach (var item in test.Items(u))
            {
                if (popularity.WasPlayed(item))
                {
                    builder.Add(item);
                }
            }

            builder.EndUser(test.Users[u]);
        }

        return builder.Build();
    }

    /// <summary>Users in both ascending lists (§5.1 step 1: "common users").</summary>
    internal static int[] Intersect(ReadOnlySpan<int> left, ReadOnlySpan<int> right)
    {
        var common = new List<int>(Math.Min(left.Length, right.Length));
        int i = 0, j = 0;
        while (i < left.Length && j < right.Length)
        {
            if (left[i] < right[j])
            {
                i++;
            }
            else if (left[i] > right[j])
            {
                j++;
            }
            else
            {
                common.Add(left[i]);
                i++;
                j++;
            }
        }

        return [.. common];
    }
}
