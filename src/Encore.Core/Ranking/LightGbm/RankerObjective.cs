namespace Encore.Core.Ranking.LightGbm;

/// <summary>The loss LightGBM minimises.</summary>
public enum RankerObjective
{
    /// <summary>Binary log-loss on (user, candidate) rows, each row on its own; the score is the raw margin.</summary>
    Binary,

    /// <summary>LambdaRank (NDCG) over each user's candidates, a user being one query group.</summary>
    LambdaRank,
}
