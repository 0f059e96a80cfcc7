using System.Collections.Concurrent;
using Encore.Core.Artifacts;
using Encore.Core.Data.Interactions;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Serving;

namespace Encore.Core.Ranking.Live;

/// <summary>
/// Request-time ranking over a serving set (<c>kind=live</c>, the replay's <c>live</c> strategy): per request the
/// candidates of <see cref="LiveEngine"/> — fold-in ALS top-N from the listener's train row and newest events, tracks
/// similar to the newest events, the offline list, the chart — with their <see cref="LiveFeatures"/>, scored by the
/// live model (live_model.bin) with the tree scorer, best k returned in track ids.
/// </summary>
/// <remarks>
/// <para>Per-listener state is what the fold-in already holds (the ALS training matrix, int32 CSR) and the offline
/// lists the set serves anyway; per item the factors' norms, the listener counts and the artist and genre ids.</para>
/// <para>Thread-safe. Each call borrows a working set from a pool, so a request allocates nothing but its answer once
/// the pool is warm; the trees are scored on the calling thread.</para>
/// </remarks>
public sealed class LiveRecommender : ILiveRecommender
{
    private readonly ConcurrentBag<LiveWorking> _pool = [];

    internal LiveRecommender(LiveEngine engine, RankerModel model, IdMap users, IdMap items, UserLists offline)
    {
        if (!model.FeatureNames.SequenceEqual(LiveFeatures.Names, StringComparer.Ordinal))
        {
            throw new EncoreException(
                $"The live model was trained on features {string.Join(", ", model.FeatureNames)}; this build computes " +
                $"{string.Join(", ", LiveFeatures.Names)}. Run 'encore train' again.");
        }

        if (users.Count != engine.Users || items.Count != engine.Items)
        {
            throw new ArgumentException($"Id maps {users.Count}x{items.Count} do not match the model {engine.Users}x{engine.Items}.");
        }

        Engine = engine;
        Model = model;
        Users = users;
        Items = items;
        Offline = offline;
    }

    /// <summary>The live model (for feature contributions: its trees read <see cref="FeatureNames"/> in order).</summary>
    public RankerModel Model { get; }

    /// <summary>The candidate counts the model was trained with.</summary>
    public LiveOptions Options => Engine.Options;

    public int MaxCandidates => Options.MaxCandidates;

    public IReadOnlyList<string> FeatureNames => LiveFeatures.Names;

    /// <summary>The candidate sources' names, in the order of <see cref="LiveItem.Sources"/>' possible values.</summary>
    public static IReadOnlyList<string> SourceNames => LiveFeatures.SourceNames;

    internal LiveEngine Engine { get; }

    internal IdMap Users { get; }

    internal IdMap Items { get; }

    /// <summary>
    /// How many candidates go past the first stage of trees (<see cref="StagedScoring"/>; at least 2k): the served
    /// tracks keep their full scores, but a candidate the first stage ranks low is not scored further. −1 scores every
    /// candidate through every tree (the reference, for tests and benchmarks); 0 prunes only what the trees' leaf
    /// ranges prove cannot reach the top k (exact, but on the trained models it proved almost nothing).
    /// </summary>
    internal int Shortlist { get; set; } = StagedScoring.DefaultShortlist;

    /// <summary>The offline lists (track ids) the offline candidates come from.</summary>
    internal UserLists Offline { get; }

    /// <summary>
    /// Loads the live ranker of <paramref name="artifactsDirectory"/>, reusing what <paramref name="set"/> already holds
    /// (its offline lists, chart, similar tracks and fold-in) and reading the rest; null when the set has no
    /// live_model.bin or no als_model.bin, so the service can degrade.
    /// </summary>
    /// <exception cref="EncoreException">A file is malformed, or the model's features are not this build's (named).</exception>
    /// <param name="artifactsDirectory">The set's folder.</param>
    /// <param name="set">The loaded serving set whose parts are reused; null reads every part.</param>
    /// <param name="foldIn">The fold-in to reuse when the set holds none (null: the set's, else als_model.bin is read).</param>
    /// <param name="cancellationToken">Stops the scans.</param>
    public static LiveRecommender? Load(
        string artifactsDirectory, ServingSet? set = null, FoldInRecommender? foldIn = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifactsDirectory);
        var modelPath = Path.Combine(artifactsDirectory, ArtifactFiles.LiveModel);
        if (!File.Exists(modelPath))
        {
            return null;
        }

        foldIn ??= set?.FoldIn ?? FoldInRecommender.Load(artifactsDirectory);
        if (foldIn is null)
        {
            return null;
        }

        var options = LiveRankerJson.ReadOptions(Path.Combine(artifactsDirectory, ArtifactFiles.LiveRankerJson));
        var model = RankerModel.Load(modelPath);
        var offline = set is { OfflineFile: not null }
            ? set.Offline
            : ArtifactReader.ReadRecommendations(ServingSetLoader.OfflineFile(artifactsDirectory), keepScores: false, threads: null, cancellationToken);
        var popular = set is { TopPopular.Length: > 0 }
            ? set.TopPopular
            : ArtifactReader.ReadTopPopular(Path.Combine(artifactsDirectory, ArtifactFiles.TopPopular));
        var similar = set is { Similar.ItemCount: > 0 }
            ? set.Similar
            : ArtifactReader.ReadSimilar(Path.Combine(artifactsDirectory, ArtifactFiles.Similar), cancellationToken: cancellationToken);
        // An older set has no catalog.parquet and serves with the data's items.parquet (--data): the same names.
        var catalog = Path.Combine(artifactsDirectory, ArtifactFiles.Catalog);
        if (!File.Exists(catalog) && set?.CatalogFile is { } served && File.Exists(served))
        {
            catalog = served;
        }

        if (!File.Exists(catalog))
        {
            throw new EncoreException($"{catalog}: file not found; the live ranker's artist and genre features read the set's catalogue.");
        }

        var (artists, genres) = LiveTags.Read(catalog, foldIn.Items);
        var chart = new List<int>(popular.Length);
        foreach (var item in popular)
        {
            if (foldIn.Items.TryToInternal(item, out var row))
            {
                chart.Add(row);
            }
        }

        var engine = new LiveEngine(foldIn.FoldIn, SimilarIndexes.ToInternal(similar, foldIn.Items), [.. chart], artists, genres, options);
        return new LiveRecommender(engine, model, foldIn.Users, foldIn.Items, offline);
    }

    /// <summary><see cref="Load"/> as the serving-set loader's hook (<see cref="ServingSetLoader"/>, <see cref="ServingParts.Live"/>).</summary>
    public static ILiveRecommender? Loader(string artifactsDirectory, ServingSet set) => Load(artifactsDirectory, set);

    public int Recommend(long userId, ReadOnlySpan<long> events, Span<int> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        if (!HasSession(events) && !Offline.ItemsOf(userId).IsEmpty)
        {
            // No session yet: the caller serves the batch list as it is. Re-ranked without a session the live model did
            // 5 % worse than it at c = 0 of the replay (bench/RESULTS.md, "Live ranking"): it has fewer features.
            return 0;
        }

        var working = Rent();
        try
        {
            var count = Rank(userId, events, working, destination.Length, out var taken);
            for (var i = 0; i < taken; i++)
            {
                destination[i] = checked((int)Items.ToExternal(working.Candidates[working.Order[i]].Item));
            }

            return count == 0 ? 0 : taken;
        }
        finally
        {
            _pool.Add(working);
        }
    }

    public ServedList Recommend(long userId, ReadOnlySpan<long> events, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var items = new int[k];
        var count = Recommend(userId, events, items);
        return new ServedList(count == k ? items : items[..count], count > 0 ? RecommendationSource.Live : RecommendationSource.None);
    }

    public LiveList Explain(long userId, ReadOnlySpan<long> events, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var working = Rent();
        try
        {
            Rank(userId, events, working, k, out var taken);
            var items = new LiveItem[taken];
            for (var i = 0; i < taken; i++)
            {
                var position = working.Order[i];
                var candidate = working.Candidates[position];
                var sources = new List<string>(LiveFeatures.SourceNames.Count);
                for (var s = 0; s < LiveFeatures.SourceNames.Count; s++)
                {
                    if (!float.IsNaN(candidate.Ranks[s]))
                    {
                        sources.Add(LiveFeatures.SourceNames[s]);
                    }
                }

                items[i] = new LiveItem(
                    checked((int)Items.ToExternal(candidate.Item)), working.Scores[position], sources, working.Table.Row(position).ToArray());
            }

            return new LiveList(items, LiveFeatures.Names);
        }
        finally
        {
            _pool.Add(working);
        }
    }

    private bool HasSession(ReadOnlySpan<long> events)
    {
        foreach (var id in events)
        {
            if (Items.TryToInternal(id, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Builds, scores and orders the request's candidates; the best <paramref name="k"/> positions are in <see cref="LiveWorking.Order"/>.</summary>
    /// <returns>How many candidates there were.</returns>
    private int Rank(long userId, ReadOnlySpan<long> events, LiveWorking working, int k, out int taken)
    {
        working.ReserveEvents(events.Length);
        var known = 0;
        var mapped = working.Events;
        foreach (var id in events)
        {
            if (Items.TryToInternal(id, out var row))
            {
                mapped[known++] = row;
            }
        }

        var user = Users.TryToInternal(userId, out var u) ? u : -1;
        var personal = Offline.ItemsOf(userId);
        working.ReserveOffline(personal.Length);
        var offline = 0;
        foreach (var id in personal)
        {
            if (Items.TryToInternal(id, out var row))
            {
                working.Offline[offline++] = row;
            }
        }

        var count = Engine.Build(user, mapped.AsSpan(0, known), working.Offline.AsSpan(0, offline), working);
        LiveEngine.ScoreTop(Model, working, count, k, Shortlist);
        taken = LiveEngine.Top(working, count, k);
        return count;
    }

    private LiveWorking Rent() => _pool.TryTake(out var working) ? working : Engine.CreateWorking();
}
