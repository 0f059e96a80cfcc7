using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;
using Encore.Core.Models.TopPopular;

namespace Encore.Core.Ranking;

/// <summary>
/// The first stage: for each user, ALS's top tracks, the tracks similar to the user's recent listens and the most
/// popular tracks, none of them heard before, merged into one candidate per track (<see cref="Candidate.Merge"/>).
/// </summary>
internal sealed class CandidateGenerator
{
    private readonly AlsRecommender _als;
    private readonly SimilarToHistory _similar;
    private readonly UserLists _recent;
    private readonly TopPopularRecommender _popular;
    private readonly SparseMatrix _heard;
    private readonly int _alsCount;
    private readonly int _similarCount;
    private readonly int _popularCount;

    /// <param name="als">A fitted model whose rows are the users of <paramref name="heard"/>.</param>
    /// <param name="similar">Similar tracks of recent listens.</param>
    /// <param name="recent">Each user's recent distinct listens, most recent first.</param>
    /// <param name="popular">A fitted chart.</param>
    /// <param name="heard">Users×items of what each user heard; these tracks are never candidates.</param>
    /// <param name="alsCount">ALS candidates per user.</param>
    /// <param name="similarCount">Similar-track candidates per user.</param>
    /// <param name="popularCount">Popular candidates per user.</param>
    public CandidateGenerator(
        AlsRecommender als, SimilarToHistory similar, UserLists recent, TopPopularRecommender popular, SparseMatrix heard,
        int alsCount, int similarCount, int popularCount)
    {
        ArgumentNullException.ThrowIfNull(als);
        ArgumentNullException.ThrowIfNull(similar);
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(popular);
        ArgumentNullException.ThrowIfNull(heard);
        ArgumentOutOfRangeException.ThrowIfLessThan(alsCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(similarCount);
        ArgumentOutOfRangeException.ThrowIfNegative(popularCount);
        _als = als;
        _similar = similar;
        _recent = recent;
        _popular = popular;
        _heard = heard;
        _alsCount = alsCount;
        _similarCount = similarCount;
        _popularCount = popularCount;
    }

    /// <summary>The most candidates one user can get: the room each user needs in a chunk buffer.</summary>
    public int MaxPerUser => _alsCount + _similarCount + _popularCount;

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

        var alsLists = _als.Recommend(users, _alsCount, filterAlreadyHeard: true);
        var rows = users.ToArray();
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(
            0, rows.Length, options,
            () => (Items: new int[Math.Max(_similarCount, _popularCount)], Scores: new double[_similarCount], Floats: new float[_popularCount]),
            (i, _, scratch) =>
            {
                counts[i] = ForUser(rows[i], alsLists.Items(i), alsLists.Scores(i), buffer.AsSpan(i * MaxPerUser, MaxPerUser), scratch);
                return scratch;
            },
            _ => { });
    }

    private int ForUser(int user, ReadOnlySpan<int> alsItems, ReadOnlySpan<float> alsScores, Span<Candidate> into, (int[] Items, double[] Scores, float[] Floats) scratch)
    {
        var count = 0;
        for (var r = 0; r < alsItems.Length; r++)
        {
            into[count++] = Candidate.Proposed(CandidateSource.Als, alsItems[r], r, alsScores[r]);
        }

        var heard = _heard.RowIndices(user);
        if (_similarCount > 0)
        {
            var found = _similar.Recommend(_recent.ItemsOf(user), heard, scratch.Items.AsSpan(0, _similarCount), scratch.Scores);
            for (var r = 0; r < found; r++)
            {
                into[count++] = Candidate.Proposed(CandidateSource.Similar, scratch.Items[r], r, (float)scratch.Scores[r]);
            }
        }

        if (_popularCount > 0)
        {
            var found = _popular.Recommend(heard, scratch.Items.AsSpan(0, _popularCount), scratch.Floats);
            for (var r = 0; r < found; r++)
            {
                into[count++] = Candidate.Proposed(CandidateSource.Popular, scratch.Items[r], r, scratch.Floats[r]);
            }
        }

        return Candidate.Merge(into[..count]);
    }
}
