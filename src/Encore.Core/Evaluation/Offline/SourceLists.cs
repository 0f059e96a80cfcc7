using Encore.Core.Artifacts;
using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Similar;
using Encore.Core.Ranking;
using Encore.Core.Ranking.Candidates;

namespace Encore.Core.Evaluation.Offline;

/// <summary>
/// The lists of a registered candidate source that has no artifact of its own: its model is built on all of train
/// from the same inputs the ranker scores with (ALS, similar tracks, tags), and asked for each evaluated user.
/// </summary>
internal sealed class SourceLists
{
    private readonly CandidateInputs _inputs;
    private readonly IdMap _users;
    private readonly IdMap _items;

    private SourceLists(CandidateInputs inputs, IdMap users, IdMap items)
    {
        _inputs = inputs;
        _users = users;
        _items = items;
    }

    /// <summary>The inputs over <paramref name="evaluation"/>'s train part, or null when the artifacts hold no ALS model.</summary>
    public static SourceLists? TryLoad(EvaluationInputs evaluation, string artifactsDirectory, CancellationToken cancellationToken)
    {
        var alsPath = Path.Combine(artifactsDirectory, ArtifactFiles.AlsModel);
        if (!File.Exists(alsPath))
        {
            return null;
        }

        var (als, users, items) = AlsModelFile.Load(alsPath);
        var itemsPath = Path.Combine(evaluation.DataDirectory, FileNames.Items);
        // Play counts do not depend on the value kind; only the model ALS fits does, and it is read, not fitted.
        var dataset = Dataset.Build(evaluation.TrainEvents, evaluation.CatalogItems, InteractionValues.PlayCount, FileNames.Events);
        if (dataset.Users.Count != users.Count || dataset.Items.Count != items.Count)
        {
            throw new EncoreException(
                $"{alsPath} was trained on {users.Count:N0} users × {items.Count:N0} items, but the data has {dataset.Users.Count:N0} × " +
                $"{dataset.Items.Count:N0} before {evaluation.SplitDate:yyyy-MM-dd}; run train again.");
        }

        var history = ListeningHistory.Build(evaluation.TrainEvents, users, items, EventLog.DayOf(evaluation.SplitDate));
        var similarPath = Path.Combine(artifactsDirectory, ArtifactFiles.Similar);
        var similar = File.Exists(similarPath)
            ? SimilarIndexes.ToInternal(ArtifactReader.ReadSimilar(similarPath, cancellationToken: cancellationToken), items)
            : SimilarItemsIndex.Empty;
        var inputs = new CandidateInputs(history, dataset.PlayCounts, als, similar, ItemTags.Read(itemsPath, items), new RankerOptions());
        return new SourceLists(inputs, users, items);
    }

    /// <summary>Up to <paramref name="k"/> unheard items of <paramref name="source"/> for each of <paramref name="users"/> (ascending) with train history.</summary>
    public UserLists ListsOf(CandidateSource source, ReadOnlySpan<int> users, int k, CancellationToken cancellationToken)
    {
        var model = source.Create(_inputs);
        var heard = _inputs.PlayCounts;
        var kept = new List<int>();
        var offsets = new List<int> { 0 };
        var items = new List<int>();
        var slots = new int[k];
        var scores = new float[k];
        foreach (var user in users)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_users.TryToInternal(user, out var row))
            {
                continue;
            }

            var count = model.Recommend(row, heard.RowIndices(row), slots, scores);
            kept.Add(user);
            for (var i = 0; i < count; i++)
            {
                items.Add(checked((int)_items.ToExternal(slots[i])));
            }

            offsets.Add(items.Count);
        }

        return UserLists.FromCsr([.. kept], [.. offsets], [.. items], ListKind.Ranked);
    }
}
