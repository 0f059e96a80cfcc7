using System.Diagnostics;
using Encore.Core.Artifacts;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Serving;

/// <summary>
/// Reads an artifacts directory into a <see cref="ServingSet"/>: the offline lists, the top-popular chart, the similar
/// tracks and the catalogue, each in a bulk scan straight into flat arrays, the files in parallel.
/// </summary>
public static class ServingSetLoader
{
    /// <summary>Loads the parts of the set under <paramref name="artifactsDirectory"/> that <paramref name="parts"/> names.</summary>
    /// <param name="artifactsDirectory">A directory written by <c>encore train</c> (or fetched from a store).</param>
    /// <param name="itemsPath">
    /// A catalogue to use instead of the set's own (items.parquet, or any file with its item_id, name, artists and
    /// genres); null loads the set's catalog.parquet, which its manifest.json must list (a folder without a manifest
    /// must still hold one).
    /// </param>
    /// <param name="parts">What to load.</param>
    /// <param name="cancellationToken">Stops the scans.</param>
    /// <remarks>
    /// recommendations.parquet (the ranker's lists) is served when present, personal_als.parquet otherwise. With
    /// <see cref="ServingParts.FoldIn"/> a set without als_model.bin loads without fold-in (<see cref="ServingSet.FoldIn"/>
    /// null: the service degrades), while a malformed one fails the load.
    /// </remarks>
    /// <exception cref="EncoreException">
    /// A directory, file or column is missing or malformed, or a set breaks its contract (a list repeats an item, ranks
    /// are not 1..n, the popular chart is empty): whatever the readers throw, named with the file and, when known, the column.
    /// </exception>
    public static ServingSet Load(string artifactsDirectory, string? itemsPath, ServingParts parts, CancellationToken cancellationToken = default) =>
        Load(artifactsDirectory, itemsPath, parts, live: null, cancellationToken);

    /// <summary>
    /// As <see cref="Load(string, string?, ServingParts, CancellationToken)"/>; with <see cref="ServingParts.Live"/>
    /// (which implies <see cref="ServingParts.FoldIn"/>) <paramref name="live"/> then loads the live ranker over the
    /// loaded set (null when the set has no live model: <see cref="ServingSet.Live"/> stays null and the service degrades).
    /// </summary>
    public static ServingSet Load(
        string artifactsDirectory, string? itemsPath, ServingParts parts, LiveLoader? live, CancellationToken cancellationToken = default)
    {
        var set = LoadParts(artifactsDirectory, itemsPath, live is not null && parts.HasFlag(ServingParts.Live) ? parts | ServingParts.FoldIn : parts, cancellationToken);
        if (live is null || !parts.HasFlag(ServingParts.Live))
        {
            return set;
        }

        var started = Stopwatch.GetTimestamp();
        var loaded = live(set.Directory, set);
        var timings = new SortedDictionary<string, double>(set.PartSeconds.ToDictionary(), StringComparer.Ordinal)
        {
            ["live"] = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
        // A copy with every part of the set, so nothing it loaded (the id maps, say) is left behind.
        return set with
        {
            Live = loaded,
            LoadedUtc = DateTime.UtcNow,
            LoadTime = set.LoadTime + Stopwatch.GetElapsedTime(started),
            PartSeconds = timings,
        };
    }

    private static ServingSet LoadParts(string artifactsDirectory, string? itemsPath, ServingParts parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifactsDirectory);
        var clock = Stopwatch.StartNew();
        if (!System.IO.Directory.Exists(artifactsDirectory))
        {
            throw new EncoreException($"{artifactsDirectory}: artifacts directory not found (run 'encore train' or 'encore pipeline' first).");
        }

        var manifestPath = Path.Combine(artifactsDirectory, ArtifactFiles.Manifest);
        var manifest = File.Exists(manifestPath) ? Manifest.Read(manifestPath) : null;
        var offlineFile = parts.HasFlag(ServingParts.Recommendations) ? OfflineFile(artifactsDirectory) : null;
        var catalogFile = parts.HasFlag(ServingParts.Catalog) ? itemsPath ?? SetCatalog(artifactsDirectory, manifest) : null;
        if (itemsPath is not null && !File.Exists(itemsPath))
        {
            throw new EncoreException($"{itemsPath}: items file not found.");
        }

        var timings = new System.Collections.Concurrent.ConcurrentDictionary<string, double>();
        T Timed<T>(string part, string file, Func<T> load)
        {
            var started = Stopwatch.GetTimestamp();
            T result;
            try
            {
                result = load();
            }
            catch (Exception e) when (DuckDbErrors.ReadFailure(file, e) is { } named)
            {
                // Whatever a part's reader or index builder throws, the load fails with one error naming the file.
                throw named;
            }

            timings[part] = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return result;
        }

        // The files load side by side, so each scan gets its share of the cores: DuckDB's own threads on top of the
        // parallel scans only contend (on 2 cores, one thread each cut the load from 3.1 s to 1.8 s; bench/RESULTS.md).
        var scans = (offlineFile is null ? 0 : 1) + (parts.HasFlag(ServingParts.Similar) ? 1 : 0) + (catalogFile is null ? 0 : 1);
        var threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, scans));
        // Two scans on threads of their own and the third on this one: at start-up the thread pool has as many
        // threads as cores and the host is using them, so pool tasks would wait for the pool to grow.
        var offline = OwnThread(
            () => offlineFile is null ? UserLists.Empty : Timed("offline", offlineFile, () => ArtifactReader.ReadRecommendations(offlineFile, keepScores: false, threads, cancellationToken)), cancellationToken);
        var similar = OwnThread(
            () =>
            {
                if (!parts.HasFlag(ServingParts.Similar))
                {
                    return Models.Similar.SimilarItemsIndex.Empty;
                }

                var file = Required(artifactsDirectory, ArtifactFiles.Similar);
                return Timed("similar", file, () => ArtifactReader.ReadSimilar(file, threads, cancellationToken));
            },
            cancellationToken);
        // The fold-in's model is one binary read plus YᵀY (no DuckDB scan), on a thread of its own beside the scans.
        var foldInFile = parts.HasFlag(ServingParts.FoldIn) ? Path.Combine(artifactsDirectory, ArtifactFiles.AlsModel) : null;
        var foldIn = OwnThread(
            () => foldInFile is null || !File.Exists(foldInFile)
                ? null
                : Timed("foldin", foldInFile, () => FoldInRecommender.Load(artifactsDirectory)),
            cancellationToken);
        ItemCatalog catalog;
        int[] popular;
        IdMap? userIds;
        IdMap? itemIds;
        try
        {
            userIds = ReadIdMap(artifactsDirectory, manifest, IdMapFile.Users, Timed);
            itemIds = ReadIdMap(artifactsDirectory, manifest, IdMapFile.Items, Timed);
            // Events on a string set name their tracks by stable key (docs/service.md): index them now, not on a request.
            _ = itemIds is null ? null : Timed("item_keys", Path.Combine(artifactsDirectory, IdMapFile.Items.File), () => itemIds.StableKeys);
            var popularFile = parts.HasFlag(ServingParts.Recommendations) ? Required(artifactsDirectory, ArtifactFiles.TopPopular) : null;
            popular = popularFile is null ? [] : Timed("popular", popularFile, () => ArtifactReader.ReadTopPopular(popularFile));
            catalog = catalogFile is null ? ItemCatalog.Empty : Timed("catalog", catalogFile, () => ItemCatalog.Read(catalogFile, threads, cancellationToken));
        }
        catch
        {
            // Never leave a scan running behind a failure (a reload would hold its memory): wait for both, then report
            // this error.
            Task.WhenAll(offline, similar, foldIn).ContinueWith(static _ => { }, TaskScheduler.Default).Wait(CancellationToken.None);
            throw;
        }

        try
        {
            Task.WaitAll([offline, similar, foldIn], cancellationToken);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return new ServingSet
        {
            Directory = Path.GetFullPath(artifactsDirectory),
            Offline = offline.Result,
            OfflineFile = offlineFile,
            TopPopular = popular,
            Similar = similar.Result,
            Catalog = catalog,
            CatalogFile = catalogFile,
            FoldIn = foldIn.Result,
            FoldInFile = foldIn.Result is null ? null : foldInFile,
            UserIds = userIds,
            ItemIds = itemIds,
            TrainedUtc = manifest?.CreatedUtc,
            LoadedUtc = DateTime.UtcNow,
            LoadTime = clock.Elapsed,
            PartSeconds = new SortedDictionary<string, double>(timings, StringComparer.Ordinal),
        };
    }

    private static Task<T> OwnThread<T>(Func<T> load, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(load, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The offline lists to serve: the ranker's when present, else ALS's.</summary>
    public static string OfflineFile(string artifactsDirectory)
    {
        var ranked = Path.Combine(artifactsDirectory, ArtifactFiles.Recommendations);
        return File.Exists(ranked) ? ranked : Required(artifactsDirectory, ArtifactFiles.PersonalAls);
    }

    /// <summary>
    /// The set's catalog.parquet. A set without one is refused rather than served without names (which would answer
    /// 404 for every /v1/items/{id} and drop every name from details=true while reporting ready).
    /// </summary>
    /// <exception cref="EncoreException">The manifest does not list the catalogue, or the file is not there (named, with the fix).</exception>
    private static string SetCatalog(string artifactsDirectory, Manifest? manifest)
    {
        var path = Path.Combine(artifactsDirectory, ArtifactFiles.Catalog);
        var manifestPath = Path.Combine(artifactsDirectory, ArtifactFiles.Manifest);
        // A folder without a manifest (made by hand, served "unversioned") lists nothing: its catalogue must be there.
        if (manifest is not null && !manifest.Artifacts.Any(f => string.Equals(f.File, ArtifactFiles.Catalog, StringComparison.Ordinal)))
        {
            throw new EncoreException(
                $"{manifestPath}: lists no {ArtifactFiles.Catalog}, the set's catalogue of track names; the set was written before " +
                $"sets carried their catalogue. Run 'encore train' (or 'encore pipeline') again to write it, or serve this set with " +
                $"--data DATA_DIR (its items.parquet).");
        }

        return File.Exists(path)
            ? path
            : throw new EncoreException(
                $"{path}: file not found; the set's catalogue of track names belongs in the set (copy, publish or fetch the whole set " +
                "again, or run 'encore train' again).");
    }

    /// <summary>
    /// The set's map of string ids of one kind, or null for integer ids: read when the manifest lists the file (then it
    /// must be there), or, in a folder without a manifest, when the file is there.
    /// </summary>
    private static IdMap? ReadIdMap(string artifactsDirectory, Manifest? manifest, IdMapFile file, Func<string, string, Func<IdMap>, IdMap> timed)
    {
        var path = Path.Combine(artifactsDirectory, file.File);
        var listed = manifest?.Artifacts.Any(f => string.Equals(f.File, file.File, StringComparison.Ordinal)) ?? File.Exists(path);
        if (!listed)
        {
            return null;
        }

        return File.Exists(path)
            ? timed(Path.GetFileNameWithoutExtension(file.File), path, () => file.Read(path))
            : throw new EncoreException(
                $"{path}: file not found; the set was trained on string ids and needs this map to answer in them (copy, publish " +
                "or fetch the whole set again).");
    }

    private static string Required(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path) ? path : throw new EncoreException($"{path}: file not found (run 'encore train' first).");
    }
}
