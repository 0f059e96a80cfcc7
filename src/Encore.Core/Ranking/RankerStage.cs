using System.Collections.Concurrent;
using Encore.Core.Data.Interactions;
using Encore.Core.Models;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;
using Encore.Core.Ranking.Candidates;

namespace Encore.Core.Ranking;

/// <summary>
/// Candidates and features over one history (the fit part when training, all of train when scoring), a chunk of
/// users at a time: a chunk's rows are built, used and dropped before the next, so 661k users × ~150 candidates are
/// never in memory together.
/// </summary>
internal sealed class RankerStage
{
    /// <summary>Users per chunk: enough to keep both cores busy, few enough that a chunk's rows stay small.</summary>
    public const int ChunkUsers = 2048;

    private readonly CandidateGenerator _candidates;
    private readonly FeatureBuilder _features;
    private readonly Candidate[] _buffer;
    private readonly int[] _counts = new int[ChunkUsers];
    private readonly int[] _firstRows = new int[ChunkUsers];
    private readonly float[] _labels;

    // A profile holds arrays over all artists and albums (MBs at full scale): reused across chunks, not made per task.
    private readonly ConcurrentBag<UserProfile> _profiles = [];

    public RankerStage(CandidateGenerator candidates, FeatureBuilder features)
    {
        _candidates = candidates;
        _features = features;
        _buffer = new Candidate[ChunkUsers * candidates.MaxPerUser];
        _labels = new float[candidates.MaxPerUser];
    }

    /// <summary>The stage over <paramref name="history"/>, with candidates from every source of <see cref="RankerOptions.Sources"/>.</summary>
    /// <param name="history">Listens before the history's end, rows = the model's users.</param>
    /// <param name="playCounts">Users×items plays of the same listens: the popular chart, and what each user has heard.</param>
    /// <param name="als">ALS fitted on the same listens.</param>
    /// <param name="similar">Similar tracks, internal ids.</param>
    /// <param name="tags">Artists, albums and genres of the items.</param>
    /// <param name="options">Sources, candidate counts and feature windows.</param>
    /// <param name="alsLists"><paramref name="als"/>'s lists already found, or null to search it (<see cref="CandidateInputs.AlsLists"/>).</param>
    public static RankerStage Create(
        ListeningHistory history, SparseMatrix playCounts, AlsRecommender als, SimilarItemsIndex similar, CatalogTags tags, RankerOptions options,
        IBatchRecommender? alsLists = null)
    {
        var inputs = new CandidateInputs(history, playCounts, als, similar, tags, options) { AlsLists = alsLists };
        var sources = options.Sources;
        var candidates = new CandidateGenerator(
            [.. sources.Select(source => source.Count(options) > 0 ? source.Create(inputs) : null)],
            [.. sources.Select(source => source.Count(options))],
            playCounts);
        var features = new FeatureBuilder(
            history, ItemStats.From(history, options.PopularityWindowDays), tags.Artists, tags.Albums, tags.Genres, options.RecentListens, sources);
        return new RankerStage(candidates, features);
    }

    /// <summary>
    /// Adds the rows of <paramref name="users"/> (at most <see cref="ChunkUsers"/>) to <paramref name="table"/>: every
    /// candidate labelled 0, or what <paramref name="filter"/> keeps.
    /// </summary>
    /// <returns>Per user of the chunk, its first row in the table and its row count (valid until the next call).</returns>
    public (int[] FirstRows, int[] Counts) AddRows(ReadOnlySpan<int> users, FeatureTable table, CandidateFilter? filter, CancellationToken cancellationToken)
    {
        if (users.Length > ChunkUsers)
        {
            throw new ArgumentException($"At most {ChunkUsers} users per chunk, got {users.Length}.", nameof(users));
        }

        var perUser = _candidates.MaxPerUser;
        _candidates.Generate(users, _buffer, _counts, cancellationToken);
        for (var i = 0; i < users.Length; i++)
        {
            var candidates = _buffer.AsSpan(i * perUser, _counts[i]);
            var labels = _labels.AsSpan(0, candidates.Length);
            labels.Clear();
            var kept = filter is null ? candidates.Length : filter(users[i], candidates, labels);
            _counts[i] = kept;
            _firstRows[i] = table.Rows;
            for (var c = 0; c < kept; c++)
            {
                table.AddRow(users[i], labels[c]);
            }
        }

        var rows = users.ToArray();
        Parallel.For(
            0, rows.Length, new ParallelOptions { CancellationToken = cancellationToken },
            () => _profiles.TryTake(out var reused) ? reused : _features.CreateScratch(),
            (i, _, profile) =>
            {
                _features.Fill(rows[i], _buffer.AsSpan(i * perUser, _counts[i]), table, _firstRows[i], profile);
                return profile;
            },
            _profiles.Add);
        return (_firstRows, _counts);
    }

    /// <summary>The candidates of user <paramref name="index"/> of the last chunk, as added.</summary>
    public ReadOnlySpan<Candidate> Candidates(int index) => _buffer.AsSpan(index * _candidates.MaxPerUser, _counts[index]);
}
