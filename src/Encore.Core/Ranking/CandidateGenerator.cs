using Encore.Core.Data.Interactions;
using Encore.Core.Models;

namespace Encore.Core.Ranking;

/// <summary>
/// The first stage: for each user, every registered source's best tracks (see <see cref="Candidates.CandidateSources"/>),
/// none of them heard before, merged into one candidate per track (<see cref="Candidate.Merge"/>).
/// </summary>
internal sealed class CandidateGenerator
{
    private readonly IRecommender?[] _sources;
    private readonly int[] _counts;
    private readonly SparseMatrix _heard;

    /// <param name="sources">The sources' models, in registered order (null for one turned off); their users are the rows of <paramref name="heard"/>.</param>
    /// <param name="counts">Candidates per user of each source; 0 turns one off.</param>
    /// <param name="heard">Users×items of what each user heard; these tracks are never candidates.</param>
    public CandidateGenerator(IReadOnlyList<IRecommender?> sources, IReadOnlyList<int> counts, SparseMatrix heard)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(heard);
        if (sources.Count != counts.Count || sources.Count > Candidates.CandidateSources.Max)
        {
            throw new ArgumentException($"Give one count per source, at most {Candidates.CandidateSources.Max} sources.", nameof(counts));
        }

        for (var s = 0; s < counts.Count; s++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(counts[s]);
            if (counts[s] > 0 && sources[s] is null)
            {
                throw new ArgumentException($"Source {s} proposes {counts[s]} candidates but has no model.", nameof(sources));
            }
        }

        _sources = [.. sources];
        _counts = [.. counts];
        _heard = heard;
        MaxPerUser = _counts.Sum();
    }

    /// <summary>The most candidates one user can get: the room each user needs in a chunk buffer.</summary>
    public int MaxPerUser { get; }

    /// <summary>
    /// Candidates of <paramref name="users"/>: user i's go to <c>buffer[i·MaxPerUser ..]</c>, ascending by item,
    /// and their number to <c>counts[i]</c>. Users are processed in parallel; the result does not depend on it.
    /// </summary>
    public void Generate(ReadOnlySpan<int> users, Candidate[] buffer, int[] counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(counts);
        if (buffer.Length < users.Length * MaxPerUser || counts.Length < users.Length)
        {
            throw new ArgumentException($"The buffers must hold {users.Length} users × {MaxPerUser} candidates.");
        }

        // A source that is faster over many users (ALS) answers for the whole chunk first.
        var batches = new Linalg.TopKBatch?[_sources.Length];
        for (var s = 0; s < _sources.Length; s++)
        {
            if (_counts[s] > 0 && _sources[s] is IBatchRecommender batched)
            {
                batches[s] = batched.RecommendUnheard(users, _counts[s]);
            }
        }

        var rows = users.ToArray();
        var longest = _counts.Length == 0 ? 0 : _counts.Max();
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(
            0, rows.Length, options,
            () => (Items: new int[longest], Scores: new float[longest]),
            (i, _, scratch) =>
            {
                counts[i] = ForUser(i, rows[i], batches, buffer.AsSpan(i * MaxPerUser, MaxPerUser), scratch);
                return scratch;
            },
            _ => { });
    }

    private int ForUser(int index, int user, Linalg.TopKBatch?[] batches, Span<Candidate> into, (int[] Items, float[] Scores) scratch)
    {
        var count = 0;
        var heard = _heard.RowIndices(user);
        for (var s = 0; s < _sources.Length; s++)
        {
            if (_counts[s] == 0)
            {
                continue;
            }

            ReadOnlySpan<int> items;
            ReadOnlySpan<float> scores;
            if (batches[s] is { } batch)
            {
                items = batch.Items(index);
                scores = batch.Scores(index);
            }
            else
            {
                var found = _sources[s]!.Recommend(user, heard, scratch.Items.AsSpan(0, _counts[s]), scratch.Scores);
                items = scratch.Items.AsSpan(0, found);
                scores = scratch.Scores.AsSpan(0, found);
            }

            for (var r = 0; r < items.Length; r++)
            {
                into[count++] = Candidate.Proposed(s, items[r], r, scores[r]);
            }
        }

        return Candidate.Merge(into[..count]);
    }
}
