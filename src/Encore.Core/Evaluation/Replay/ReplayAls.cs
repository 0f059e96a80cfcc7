using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay;

/// <summary>The ALS model a replay folds listeners into, with its id maps (als_model.bin).</summary>
public sealed record ReplayAls(AlsFoldIn FoldIn, IdMap Users, IdMap Items)
{
    /// <summary>
    /// Loads als_model.bin of <paramref name="artifactsDirectory"/> as the service does (<see cref="FoldInRecommender.Load"/>:
    /// the manifest says which values training used, so that an online event counts as a train play); null when there
    /// is no model.
    /// </summary>
    /// <exception cref="EncoreException">The model or the manifest is malformed.</exception>
    public static ReplayAls? Load(string artifactsDirectory, AlsFoldInOptions? options = null) =>
        FoldInRecommender.Load(artifactsDirectory, options) is { } loaded ? new ReplayAls(loaded.FoldIn, loaded.Users, loaded.Items) : null;
}
