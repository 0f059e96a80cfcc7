namespace Encore.Core.Evaluation.Metrics;

/// <summary>Share of the shown top-k recommendations the user had not played in train (seed-spec §5.4).</summary>
/// <remarks>
/// Novelty@k = 1 − (heard items among the first min(k, n)) / min(k, n), n the list length; 0 for an empty list.
/// It averages over the shown items, as the seed's <c>1 − mean(played)</c> does, so a short list is not charged
/// for empty slots: it describes the list, not its accuracy.
/// </remarks>
public sealed class Novelty(int k) : UserMetric("novelty", k)
{
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

/// <summary>Mean self-information of the shown top-k items, in bits: how surprising they are.</summary>
/// <remarks>
/// SelfInformation@k = mean over the first min(k, n) items of −log2 p(i), p(i) = users who played i in train /
/// train users; 0 for an empty list. An item nobody played in train is counted as played by one user
/// (p = 1 / train users): the most surprising value train can measure, instead of an infinite one.
/// </remarks>
public sealed class SelfInformation(int k) : UserMetric("self_information", k)
{
    protected override void Require(EvaluationContext context)
    {
        if (context.Popularity is null || context.Popularity.TrainUsers == 0)
        {
            throw new ArgumentException(
                $"{Name} needs 'popularity' with at least one train user; build the context with it.", nameof(context));
        }
    }

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
