using System.Diagnostics;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Artifacts.Store;
using Encore.Core.Serving;
using Microsoft.Extensions.Options;

namespace Encore.Server.Serving;

/// <summary>What a reload attempt ended with.</summary>
public sealed record ReloadOutcome(bool Succeeded, string? Error, TimeSpan Duration);

/// <summary>
/// Owns the artifact set requests are served from. The first load starts with the host and runs in the background
/// (<c>/health/ready</c> turns ready when it is done); <see cref="ReloadAsync"/> and a changed manifest.json load a
/// new set beside the old one and swap one reference, so requests in flight finish on the set they started with and
/// a failed load leaves the old set serving, with the error reported by <c>/health/ready</c> and <c>/stats</c>.
/// </summary>
public sealed partial class ServingSetHost : IHostedService, IDisposable
{
    private readonly ArtifactsOptions _artifacts;
    private readonly RecommendationOptions _recommendations;
    private readonly ServingParts _parts;
    private readonly ILogger<ServingSetHost> _logger;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<ReloadOutcome> _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;
    private Timer? _poll;
    private ServingRecommender? _current;
    private string? _loadedManifestDigest;
    private string? _pollError;

    public ServingSetHost(
        IOptions<ArtifactsOptions> artifacts, IOptions<RecommendationOptions> recommendations, IOptions<ServerOptions> server,
        ILogger<ServingSetHost> logger)
    {
        _artifacts = artifacts.Value;
        _recommendations = recommendations.Value;
        _logger = logger;
        _parts = server.Value.Role switch
        {
            ServerOptions.RecommendationsRole => ServingParts.Recommendations | ServingParts.Catalog,
            ServerOptions.FeaturesRole => ServingParts.Similar | ServingParts.Catalog,
            ServerOptions.EventsRole => ServingParts.None,
            _ => ServingParts.All,
        };
        if (_parts == ServingParts.None)
        {
            _current = new ServingRecommender(ServingSet.Empty, _recommendations);
            _firstLoad.SetResult(new ReloadOutcome(true, null, TimeSpan.Zero));
        }
    }

    /// <summary>The set being served, or null before the first load succeeds.</summary>
    public ServingRecommender? Current => Volatile.Read(ref _current);

    /// <summary>Completes when the first load has succeeded or failed.</summary>
    public Task<ReloadOutcome> FirstLoad => _firstLoad.Task;

    /// <summary>True while a load runs.</summary>
    public bool Loading => _reloadGate.CurrentCount == 0;

    /// <summary>The last load's error, cleared by a successful load.</summary>
    public string? LastError { get; private set; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    public DateTime? LastErrorUtc { get; private set; }

    /// <summary>Successful loads since start, the first included.</summary>
    public int Loads { get; private set; }

    /// <summary>Failed loads since start.</summary>
    public int FailedLoads { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_parts == ServingParts.None)
        {
            return Task.CompletedTask;
        }

        _ = Task.Run(async () => _firstLoad.TrySetResult(await ReloadAsync(_stopping.Token)), CancellationToken.None);
        var location = ArtifactLocation.Parse(_artifacts.Location);
        if (_artifacts.WatchManifest && location is LocalArtifactLocation local)
        {
            Watch(local.Directory);
        }
        else if (location is S3ArtifactLocation && _artifacts.PollInterval > TimeSpan.Zero)
        {
            _poll = new Timer(_ => _ = PollAsync(location), null, _artifacts.PollInterval, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        if (_poll is not null)
        {
            await _poll.DisposeAsync();
        }

        await _stopping.CancelAsync();
    }

    /// <summary>
    /// Loads the configured artifact set (downloading it first when it lives in S3) and swaps it in. Concurrent calls
    /// wait for each other, so at most one set is being built at a time.
    /// </summary>
    public async Task<ReloadOutcome> ReloadAsync(CancellationToken cancellationToken)
    {
        if (_parts == ServingParts.None)
        {
            return new ReloadOutcome(true, null, TimeSpan.Zero);
        }

        await _reloadGate.WaitAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            var (directory, digest) = await LocalDirectoryAsync(cancellationToken);
            var set = await Task.Run(() => ServingSetLoader.Load(directory, ItemsPath(), _parts, cancellationToken), cancellationToken);
            var previous = Interlocked.Exchange(ref _current, new ServingRecommender(set, _recommendations));
            if (previous is not null)
            {
                // The old set's arrays (~0.4 GB at full size) live on the large-object heap, which only a gen-2
                // collection frees; a background one returns them now instead of whenever the next one happens.
                GC.Collect(2, GCCollectionMode.Forced, blocking: false);
            }

            _loadedManifestDigest = digest;
            Loads++;
            LastError = null;
            LastErrorUtc = null;
            LogLoaded(set.Directory, set.Offline.UserCount, set.OfflineFile is null ? "-" : Path.GetFileName(set.OfflineFile),
                set.Similar.ItemCount, set.Catalog.Count, set.LoadTime.TotalSeconds);
            return new ReloadOutcome(true, null, clock.Elapsed);
        }
        catch (Exception e) when (e is EncoreException or IOException or UnauthorizedAccessException)
        {
            FailedLoads++;
            LastError = e.Message;
            LastErrorUtc = DateTime.UtcNow;
            LogLoadFailed(e.Message, _current is not null);
            return new ReloadOutcome(false, e.Message, clock.Elapsed);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
        _poll?.Dispose();
        _reloadGate.Dispose();
        _stopping.Dispose();
    }

    /// <summary>The folder to load from (an S3 set is fetched into its cache first) and, for S3, its manifest's digest.</summary>
    private async Task<(string Directory, string? ManifestDigest)> LocalDirectoryAsync(CancellationToken cancellationToken)
    {
        var location = ArtifactLocation.Parse(_artifacts.Location);
        if (location is LocalArtifactLocation local)
        {
            return (local.Directory, null);
        }

        var s3 = (S3ArtifactLocation)location;
        var cache = _artifacts.CacheDirectory is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "encore-artifacts", s3.Bucket, s3.Prefix);
        var transfer = await ArtifactStore.FetchAsync(location, cache, _artifacts.S3.ToStoreOptions(), cancellationToken: cancellationToken);
        LogFetched(location.ToString()!, transfer.Copied.Count, transfer.Unchanged.Count, cache);
        return (cache, ArtifactStore.LocalManifestDigest(cache));
    }

    /// <summary>
    /// Reads the published manifest and reloads when it is not the one being served; an unreachable store is logged
    /// once per outage and the current set keeps serving. The timer is re-armed only after the check, so checks never
    /// overlap.
    /// </summary>
    private async Task PollAsync(ArtifactLocation location)
    {
        try
        {
            var published = await ArtifactStore.ManifestDigestAsync(location, _artifacts.S3.ToStoreOptions(), _stopping.Token);
            if (_pollError is not null)
            {
                LogPollRecovered(location.ToString()!);
                _pollError = null;
            }

            if (published is not null && published != Volatile.Read(ref _loadedManifestDigest) && !Loading)
            {
                LogNewManifest(location.ToString()!);
                await ReloadAsync(_stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (EncoreException e)
        {
            if (_pollError != e.Message)
            {
                LogPollFailed(location.ToString()!, e.Message);
            }

            _pollError = e.Message;
        }

        try
        {
            _poll?.Change(_artifacts.PollInterval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopped while checking.
        }
    }

    private string? ItemsPath()
    {
        if (string.IsNullOrEmpty(_artifacts.Items))
        {
            return null;
        }

        return Directory.Exists(_artifacts.Items) ? Path.Combine(_artifacts.Items, FileNames.Items) : _artifacts.Items;
    }

    private void Watch(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        _debounce = new Timer(_ => _ = ReloadAsync(_stopping.Token), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(directory, ArtifactFiles.Manifest)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        FileSystemEventHandler changed = (_, _) => _debounce.Change(_artifacts.WatchDebounce, Timeout.InfiniteTimeSpan);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Renamed += (_, _) => _debounce.Change(_artifacts.WatchDebounce, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Loaded artifacts from {Directory}: {Users} users ({OfflineFile}), {SimilarItems} tracks with similar tracks, {CatalogItems} catalogue items in {Seconds:F2} s")]
    private partial void LogLoaded(string directory, int users, string offlineFile, int similarItems, int catalogItems, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading artifacts failed: {Error} (still serving the previous set: {Serving})")]
    private partial void LogLoadFailed(string error, bool serving);

    [LoggerMessage(Level = LogLevel.Information, Message = "A new artifact set was published to {Location}; reloading")]
    private partial void LogNewManifest(string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking {Location} for a new artifact set failed: {Error} (still serving the current set)")]
    private partial void LogPollFailed(string location, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Location} can be reached again")]
    private partial void LogPollRecovered(string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Location}: {Copied} files downloaded, {Unchanged} unchanged, into {Cache}")]
    private partial void LogFetched(string location, int copied, int unchanged, string cache);
}
