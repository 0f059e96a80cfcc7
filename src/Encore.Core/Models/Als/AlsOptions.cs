namespace Encore.Core.Models.Als;

/// <summary>How an observed value r becomes the confidence c of that cell (unobserved cells have c = 1, p = 0).</summary>
public enum AlsConfidence
{
    /// <summary>c = α·r, as implicit ≥ 0.5 does (its users scale the matrix by α); the extra weight is c − 1.</summary>
    AlphaTimesValue,

    /// <summary>c = 1 + α·r, as in Hu, Koren &amp; Volinsky (2008).</summary>
    OnePlusAlphaTimesValue,
}

/// <summary>How each row's least-squares problem is solved.</summary>
public enum AlsSolverKind
{
    /// <summary>A few conjugate-gradient steps from the previous factors (Takács et al. 2011), as implicit's default.</summary>
    ConjugateGradient,

    /// <summary>The exact solution by Cholesky factorisation: slower, the reference.</summary>
    Cholesky,
}

/// <summary>How personal top-k lists are found; both give the same lists, bit for bit.</summary>
public enum AlsRetrieval
{
    /// <summary>Items by descending factor norm, each user stopping once no remaining item can enter its list (exact).</summary>
    NormPruned,

    /// <summary>Every item scored for every user: the reference.</summary>
    BruteForce,
}

/// <summary>Hyper-parameters of implicit-feedback ALS. Defaults are implicit 0.7's, except 64 factors.</summary>
public sealed record AlsOptions
{
    public int Factors { get; init; } = 64;

    public int Iterations { get; init; } = 15;

    /// <summary>λ of the ridge term λ(‖X‖² + ‖Y‖²), not scaled by the number of observations (as implicit).</summary>
    public float Regularization { get; init; } = 0.01f;

    public float Alpha { get; init; } = 1f;

    public AlsConfidence Confidence { get; init; } = AlsConfidence.AlphaTimesValue;

    public AlsSolverKind Solver { get; init; } = AlsSolverKind.ConjugateGradient;

    /// <summary>Conjugate-gradient steps per row and half-iteration (implicit: 3).</summary>
    public int CgSteps { get; init; } = 3;

    /// <summary>Random seed of the initial factors (uniform [0, 0.01)).</summary>
    public int Seed { get; init; }

    /// <summary>Worker threads; 0 means one per processor. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Whether to compute implicit's training loss after every iteration (outside the timed part).</summary>
    public bool CalculateLoss { get; init; }

    /// <summary>How <see cref="AlsRecommender.RecommendAll"/> searches; it changes the time, never the lists.</summary>
    public AlsRetrieval Retrieval { get; init; } = AlsRetrieval.NormPruned;

    /// <summary>The thread count actually used.</summary>
    public int EffectiveThreads => Threads == 0 ? Environment.ProcessorCount : Threads;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="EncoreException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Factors is < 1 or > 4096)
        {
            throw new EncoreException($"ALS parameter 'factors' must be in [1, 4096], got {Factors}.");
        }

        if (Iterations < 0)
        {
            throw new EncoreException($"ALS parameter 'iterations' must be ≥ 0, got {Iterations}.");
        }

        if (!(Regularization >= 0) || !float.IsFinite(Regularization))
        {
            throw new EncoreException($"ALS parameter 'regularization' must be a finite number ≥ 0, got {Regularization}.");
        }

        if (!(Alpha > 0) || !float.IsFinite(Alpha))
        {
            throw new EncoreException($"ALS parameter 'alpha' must be a finite number > 0, got {Alpha}.");
        }

        if (!Enum.IsDefined(Confidence))
        {
            throw new EncoreException($"ALS parameter 'confidence' has an unknown value {(int)Confidence}.");
        }

        if (!Enum.IsDefined(Solver))
        {
            throw new EncoreException($"ALS parameter 'solver' has an unknown value {(int)Solver}.");
        }

        if (!Enum.IsDefined(Retrieval))
        {
            throw new EncoreException($"ALS parameter 'retrieval' has an unknown value {(int)Retrieval}.");
        }

        if (CgSteps < 1)
        {
            throw new EncoreException($"ALS parameter 'cg-steps' must be ≥ 1, got {CgSteps}.");
        }

        if (Threads < 0)
        {
            throw new EncoreException($"ALS parameter 'threads' must be ≥ 0 (0 = all processors), got {Threads}.");
        }
    }

    /// <summary>The confidence c of an observed value: α·r or 1 + α·r.</summary>
    public float ConfidenceOf(float value) =>
        Confidence == AlsConfidence.AlphaTimesValue ? Alpha * value : 1f + (Alpha * value);
}
