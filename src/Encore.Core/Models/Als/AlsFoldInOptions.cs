using Encore.Core.Data.Interactions;

namespace Encore.Core.Models.Als;

/// <summary>How <see cref="AlsFoldIn"/> solves a listener's least-squares problem.</summary>
public enum AlsFoldInSolver
{
    /// <summary>
    /// The exact minimiser, by Cholesky factorisation in double. Items whose confidence is 1 add nothing to the system
    /// matrix, so when every item has c = 1 (binary values, α = 1) the factor of YᵀY + λI computed once is reused.
    /// </summary>
    Exact,

    /// <summary>
    /// <see cref="AlsFoldInOptions.CgSteps"/> conjugate-gradient steps warm-started from the stored user vector (zero for
    /// an unknown listener), the solver a training user step runs: cheaper per heavy listener, approximate.
    /// </summary>
    ConjugateGradient,
}

/// <summary>Options of request-time ALS fold-in (<see cref="AlsFoldIn"/>).</summary>
public sealed record AlsFoldInOptions
{
    /// <summary>
    /// What the model's training matrix holds (train's <c>values</c> parameter), so an online event counts as a
    /// training play would: with <see cref="InteractionValues.Binary"/> an item's value is 1 however often it was
    /// heard; with play counts (and BM25, approximately: its item weights are not in the model) each event adds one play.
    /// </summary>
    public InteractionValues Values { get; init; } = InteractionValues.Binary;

    /// <summary>
    /// What one online event is worth in value units: 1 counts it exactly like a training play; more than 1 makes the
    /// session weigh more than the same listens in the train period. The default, 8, is the best of 1–16 in the replay
    /// of the medium generated data (bench/RESULTS.md, "ALS fold-in"): a session's listens say more about the next ones
    /// than the same listens months ago.
    /// </summary>
    public float EventWeight { get; init; } = DefaultEventWeight;

    /// <summary>The default <see cref="EventWeight"/>.</summary>
    public const float DefaultEventWeight = 8f;

    /// <summary>Whether the listener's train history is part of the problem (false: the online events alone).</summary>
    public bool TrainHistory { get; init; } = true;

    public AlsFoldInSolver Solver { get; init; } = AlsFoldInSolver.Exact;

    /// <summary>Conjugate-gradient steps when <see cref="Solver"/> is <see cref="AlsFoldInSolver.ConjugateGradient"/>.</summary>
    public int CgSteps { get; init; } = 3;

    /// <exception cref="EncoreException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Values))
        {
            throw new EncoreException($"Fold-in parameter 'values' has an unknown value {(int)Values}.");
        }

        if (!(EventWeight > 0) || !float.IsFinite(EventWeight))
        {
            throw new EncoreException($"Fold-in parameter 'event-weight' must be a finite number > 0, got {EventWeight}.");
        }

        if (!Enum.IsDefined(Solver))
        {
            throw new EncoreException($"Fold-in parameter 'solver' has an unknown value {(int)Solver}.");
        }

        if (CgSteps < 1)
        {
            throw new EncoreException($"Fold-in parameter 'cg-steps' must be ≥ 1, got {CgSteps}.");
        }
    }
}
