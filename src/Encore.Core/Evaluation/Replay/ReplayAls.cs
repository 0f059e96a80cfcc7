using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;

namespace Encore.Core.Evaluation.Replay;

/// <summary>The ALS model a replay folds listeners into, with its id maps (als_model.bin).</summary>
public sealed record ReplayAls(AlsFoldIn FoldIn, IdMap Users, IdMap Items)
{
    /// <summary>
    /// Loads als_model.bin of <paramref name="artifactsDirectory"/> and reads from manifest.json which values training
    /// used (binary when not recorded), so that an online event counts as a train play; null when there is no model.
    /// </summary>
    /// <exception cref="EncoreException">The model or the manifest is malformed.</exception>
    public static ReplayAls? Load(string artifactsDirectory, AlsFoldInOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(artifactsDirectory);
        var path = Path.Combine(artifactsDirectory, ArtifactFiles.AlsModel);
        if (!File.Exists(path))
        {
            return null;
        }

        var (model, users, items) = AlsModelFile.Load(path);
        var manifestPath = Path.Combine(artifactsDirectory, ArtifactFiles.Manifest);
        var values = File.Exists(manifestPath) && Manifest.Read(manifestPath).Parameter("values") is string name
            ? OptionValues.Parse<InteractionValues>(name, $"{manifestPath}: values")
            : InteractionValues.Binary;
        var foldIn = new AlsFoldIn(model, (options ?? new AlsFoldInOptions()) with { Values = values });
        return new ReplayAls(foldIn, users, items);
    }
}
