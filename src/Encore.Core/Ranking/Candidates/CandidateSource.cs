using Encore.Core.Models;

namespace Encore.Core.Ranking.Candidates;

/// <summary>
/// One source of the ranker's candidates: a model that proposes each user's tracks, how many it proposes, and the
/// features it gives the ranker (<c>&lt;name&gt;_score</c> and <c>&lt;name&gt;_rank</c>). A new source is one
/// subclass plus its line in the registered list (<see cref="CandidateSources.Default"/> or <see cref="RankerOptions.Sources"/>).
/// </summary>
public abstract class CandidateSource
{
    /// <param name="name">The features' prefix, lower snake case.</param>
    /// <param name="scoreFeature">Whether its score is a feature (a chart's share of plays says nothing its rank does not).</param>
    protected CandidateSource(string name, bool scoreFeature = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        HasScoreFeature = scoreFeature;
    }

    /// <summary>
    /// The name of the source's model in <c>encore evaluate</c> (metrics.json); the default sources keep the names
    /// of their artifacts' models, a new one is evaluated under its <see cref="Name"/>.
    /// </summary>
    public virtual string EvaluatedModel => Name;

    /// <summary>
    /// Where <c>encore evaluate</c> reports it among the sources: the simplest baselines first; sources with the same
    /// place keep their registered order.
    /// </summary>
    public virtual int ReportOrder => 100;

    /// <summary>What reports call it.</summary>
    public virtual string Label => Name;

    /// <summary>The features' prefix.</summary>
    public string Name { get; }

    /// <summary>Whether <see cref="ScoreFeature"/> is a column.</summary>
    public bool HasScoreFeature { get; }

    /// <summary>The source's score of the track; NaN when it did not propose it.</summary>
    public string ScoreFeature => $"{Name}_score";

    /// <summary>The track's rank (1 = best) in the source's list; NaN when it did not propose it.</summary>
    public string RankFeature => $"{Name}_rank";

    /// <summary>Candidates per user under <paramref name="options"/>; 0 turns the source off.</summary>
    public abstract int Count(RankerOptions options);

    /// <summary>The model proposing the candidates, fitted on <paramref name="inputs"/>; users are its rows.</summary>
    public abstract IRecommender Create(CandidateInputs inputs);
}
