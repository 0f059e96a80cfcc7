namespace Encore.Core.Evaluation.Metrics;

/// <summary>
/// Share of the shown top-k recommendations the user had not played in train: the seed's novelty (docs/seed.md §5.4),
/// which the seed protocol still reports as <c>novelty@k</c>. Every model that filters heard tracks scores 1.
/// </summary>
/// <remarks>
/// Unheard@k = 1 − (heard items among the first min(k, n)) / min(k, n), n the list length; 0 for an empty list.
/// It averages over the shown items, as the seed's <c>1 − mean(played)</c> does, so a short list is not charged
/// for empty slots: it describes the list, not its accuracy.
/// </remarks>
/// <param name="k">Cut-off, at least 1.</param>
/// <param name="family">The name's family: <c>unheard</c>, or <c>novelty</c> for the seed protocol's column.</param>
public sealed class UnheardShare(int k, string family = UnheardShare.Family) : UserMetric(family, k)
{
    public const string Family = "unheard";

    protected override void Require(EvaluationContext context)
    {
        if (!context.HasTrain)
        {
            throw new ArgumentException($"{Name} needs 'train'; build the context with train sets.", nameof(context));
        }
    }

    protected override double Score(EvaluationContext context, in UserRow row)
    {
        if (row.Length == 0)
        {
            return 0;
        }

        var heard = 0;
        for (var r = 0; r < row.Length; r++)
        {
            if (row.IsHeard(r))
            {
                heard++;
            }
        }

        return 1 - (double)heard / row.Length;
    }
}

/// <summary>
/// Novelty as the mean self-information of the shown top-k items, in bits: how surprising they are. Unlike
/// <see cref="UnheardShare"/> it separates models that all filter heard tracks: a list of hits scores low, a list
/// of the long tail high.
/// </summary>
/// <remarks>
/// Novelty@k = mean over the first min(k, n) items of −log2 p(i), p(i) = users who played i in train /
/// train users (the item's popularity share); 0 for an empty list. An item nobody played in train is counted as
/// played by one user (p = 1 / train users): the most surprising value train can measure, instead of an infinite one.
/// </remarks>
public sealed class Novelty(int k) : UserMetric("novelty", k)
{
    protected override void Require(EvaluationContext context) => PopularityCheck.Require(Name, context);

    protected override double Score(EvaluationContext context, in UserRow row)
    {
        if (row.Length == 0)
        {
            return 0;
        }

        var popularity = context.Popularity!;
        var log2Users = Math.Log2(popularity.TrainUsers);
        var bits = 0.0;
        foreach (var item in row.Items)
        {
            // −log2(n_i / N) = log2 N − log2 n_i.
            bits += log2Users - Math.Log2(Math.Max(popularity.UserCount(item), 1));
        }

        return bits / row.Length;
    }
}

/// <summary>Mean popularity share of the shown top-k items: how mainstream a list is (the x axis of accuracy against popularity).</summary>
/// <remarks>
/// Popularity@k = mean over the first min(k, n) items of p(i), p(i) = users who played i in train / train users;
/// 0 for an empty list. An item nobody played in train counts 0.
/// </remarks>
public sealed class MeanPopularity(int k) : UserMetric("popularity", k)
{
    protected override void Require(EvaluationContext context) => PopularityCheck.Require(Name, context);

    protected override double Score(EvaluationContext context, in UserRow row)
    {
        if (row.Length == 0)
        {
            return 0;
        }

        var popularity = context.Popularity!;
        long users = 0;
        foreach (var item in row.Items)
        {
            users += popularity.UserCount(item);
        }

        return (double)users / popularity.TrainUsers / row.Length;
    }
}

internal static class PopularityCheck
{
    public static void Require(string metric, EvaluationContext context)
    {
        if (context.Popularity is null || context.Popularity.TrainUsers == 0)
        {
            throw new ArgumentException(
                $"{metric} needs 'popularity' with at least one train user; build the context with it.", nameof(context));
        }
    }
}
