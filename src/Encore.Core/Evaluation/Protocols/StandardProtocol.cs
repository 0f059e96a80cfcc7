using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Metrics;

namespace Encore.Core.Evaluation.Protocols;

/// <summary>
/// Encore's evaluation (docs/metrics.md, "standard protocol"): every warm test user is judged on the items they
/// discovered in the test period, a missing list counts as empty, and cold users are reported apart.
/// </summary>
/// <remarks>
/// Evaluated users: test users with train history and at least one test item they had not played in train.
/// Test items: those discoveries (re-listens are excluded: a model that repeats the history would otherwise
/// score without recommending anything new). Metrics: <see cref="MetricSuite.Standard"/> at each k, averaged over
/// the evaluated users. Cold users (test users without train history) get event share, user coverage and mean
/// hits at each k, over all their test items.
/// </remarks>
public sealed class StandardProtocol : IEvaluationProtocol
{
    private readonly EvaluationData _data;
    private readonly int[] _ks;
    private readonly MetricSuite _suite;
    private readonly UserLists _discoveries;
    private readonly int _usersWithoutDiscoveries;
    private readonly int[] _coldUsers;

    /// <exception cref="EncoreException">The k list is empty or holds a k below 1.</exception>
    public StandardProtocol(EvaluationData data, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
        _ks = Cutoffs.Normalise(ks);
        _suite = MetricSuite.Standard(_ks);
        (_discoveries, _usersWithoutDiscoveries) = Discoveries(data.Test, data.Train);
        _coldUsers = data.ColdUsers();
    }

    public string Name => "standard";

    public IReadOnlyList<int> K => _ks;

    /// <summary>The evaluated users and their test items (the discoveries).</summary>
    public UserLists TestItems => _discoveries;

    /// <summary>
    /// One metric's value per evaluated user (the users of <see cref="TestItems"/>, ascending), on the same join as
    /// <see cref="Evaluate"/>: the input of a breakdown by listener group.
    /// </summary>
    public UserValues PerUser(IUserMetric metric, UserLists recommendations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(recommendations);
        var context = EvaluationContext.Build(
            _discoveries.Users, recommendations, metric.K, _discoveries, _data.Train, _data.Popularity, _data.CatalogSize, cancellationToken);
        return metric.CalculatePerUser(context);
    }

    public ModelScores Evaluate(string model, UserLists recommendations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        var warm = EvaluationContext.Build(
            _discoveries.Users, recommendations, _suite.Depth, _discoveries, _data.Train, _data.Popularity,
            _data.CatalogSize, cancellationToken);
        var cold = EvaluationContext.Build(
            _coldUsers, recommendations, _suite.Depth, test: _data.Test, cancellationToken: cancellationToken);

        var values = new List<MetricValue>
        {
            new("users", warm.UserCount, MetricKind.Count),
            new("users_without_recs", UsersWithoutRecs(warm), MetricKind.Count),
            new("users_without_new_items", _usersWithoutDiscoveries, MetricKind.Count),
        };
        values.AddRange(_suite.Calculate(warm));
        values.Add(new MetricValue("cold_users", cold.UserCount, MetricKind.Count));
        values.Add(new MetricValue("cold_users_without_recs", UsersWithoutRecs(cold), MetricKind.Count));
        foreach (var k in _ks)
        {
            values.Add(new MetricValue($"cold_event_share@{k}", new EventShare(k).Calculate(cold)));
            values.Add(new MetricValue($"cold_user_coverage@{k}", new HitRate(k).Calculate(cold)));
            values.Add(new MetricValue($"cold_mean_hits@{k}", new MeanHitsOfHitUsers(k).Calculate(cold)));
        }

        return new ModelScores(model, values);
    }

    private static int UsersWithoutRecs(EvaluationContext context)
    {
        var count = 0;
        for (var u = 0; u < context.UserCount; u++)
        {
            count += context.Row(u).Length == 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Per warm test user, test items minus train items (a merge of two ascending lists).</summary>
    private static (UserLists Discoveries, int UsersWithout) Discoveries(UserLists test, UserLists train)
    {
        var builder = new UserSetsBuilder();
        var without = 0;
        for (var u = 0; u < test.UserCount; u++)
        {
            var user = test.Users[u];
            var heard = train.ItemsOf(user);
            if (heard.IsEmpty)
            {
                continue;
            }

            var found = false;
            var j = 0;
            foreach (var item in test.Items(u))
            {
                while (j < heard.Length && heard[j] < item)
                {
                    j++;
                }

                if (j < heard.Length && heard[j] == item)
                {
                    continue;
                }

                builder.Add(item);
                found = true;
            }

            builder.EndUser(user);
            without += found ? 0 : 1;
        }

        return (builder.Build(), without);
    }
}
