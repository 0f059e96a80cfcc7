namespace Encore.Core.Ranking.LightGbm;

/// <summary>
/// Hyper-parameters of the LightGBM ranker, bound from the pipeline's "ranker" configuration section (snake_case).
/// </summary>
public sealed record RankerModelOptions
{
    public RankerObjective Objective { get; init; } = RankerObjective.Binary;

    /// <summary>Boosting iterations, one tree each.</summary>
    public int Trees { get; init; } = 200;

    /// <summary>The most leaves one tree may have.</summary>
    public int Leaves { get; init; } = 31;

    /// <summary>Shrinkage of each tree's output, in (0, 1].</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>The fewest training rows a leaf may hold.</summary>
    public int MinRowsPerLeaf { get; init; } = 20;

    public int Seed { get; init; } = 42;

    /// <summary>LightGBM's threads; 0 means one per processor.</summary>
    public int Threads { get; init; }

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="EncoreException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Objective))
        {
            throw new EncoreException($"ranker.objective has an unknown value {(int)Objective} (binary or lambda_rank).");
        }

        if (Trees < 1)
        {
            throw new EncoreException($"ranker.trees must be ≥ 1 (got {Trees}).");
        }

        // LightGBM refuses fewer than 2 leaves; 131072 is its documented upper bound.
        if (Leaves is < 2 or > 131_072)
        {
            throw new EncoreException($"ranker.leaves must be in [2, 131072] (got {Leaves}).");
        }

        if (!(LearningRate > 0 && LearningRate <= 1))
        {
            throw new EncoreException($"ranker.learning_rate must be in (0, 1] (got {LearningRate}).");
        }

        if (MinRowsPerLeaf < 1)
        {
            throw new EncoreException($"ranker.min_rows_per_leaf must be ≥ 1 (got {MinRowsPerLeaf}).");
        }

        if (Threads < 0)
        {
            throw new EncoreException($"ranker.threads must be ≥ 0, 0 meaning one per processor (got {Threads}).");
        }
    }
}
