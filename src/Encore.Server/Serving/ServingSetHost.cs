using System.Diagnostics;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Artifacts.Store;
using Encore.Core.Ranking.Live;
using Encore.Core.Runtime;
using Encore.Core.Serving;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Encore.Server.Serving;

/// <summary>What a reload attempt ended with.</summary>
/// <param name="Succeeded">The new set is serving.</param>
/// <param name="Error">Why not, naming files but no directories: fit for an HTTP answer.</param>
/// <param name="Duration">How long the attempt took.</param>
/// <param name="LocalError">Why not, with full paths: for the operator (the log, <c>encore serve</c>'s exit line).</param>
public sealed record ReloadOutcome(bool Succeeded, string? Error, TimeSpan Duration, string? LocalError = null);

/// <summary>
/// Owns the artifact set requests are served from. The first load starts with the host and runs in the background
/// (<c>/health/ready</c> turns ready when it is done); <see cref="ReloadAsync"/> and a changed manifest.json load a
/// new set beside the old one and swap one reference, so requests in flight finish on the set they started with and
/// a failed load leaves the old set serving, with the error reported by <c>/health/ready</c>, <c>/stats</c>, the log
/// and <c>/metrics</c>. Whatever a load throws ends as a failed outcome, never as an exception left unobserved: a
/// first load that fails completes <see cref="FirstLoad"/> with its error, and stopping the host cancels a load.
/// </summary>
public sealed partial class ServingSetHost : IHostedService, IDisposable
{
    private static readonly Counter s_loads = Metrics.CreateCounter(
        "encore_artifact_loads_total", "Artifact set loads (the first and every reload) by outcome: loaded or failed.", "outcome");

    private static readonly Gauge s_loadedAt = Metrics.CreateGauge(
        "encore_artifact_set_loaded_timestamp_seconds", "When the set being served was loaded (Unix time; its age is time() minus this).");

    private static readonly Gauge s_trainedAt = Metrics.CreateGauge(
        "encore_artifact_set_trained_timestamp_seconds", "When the set being served was trained, from its manifest (Unix time; 0 when it has none).");

    private static readonly Gauge s_info = Metrics.CreateGauge(
        "encore_artifact_set_info", "1, labelled with the version of the set being served (the first 12 hex digits of its manifest.json's SHA-256).", "version");

    /// <summary>The <see cref="Version"/> of a set without a manifest.json.</summary>
    public const string Unversioned = "unversioned";

    /// <summary>How many hex digits of the manifest's SHA-256 make a version: short enough to read, unique enough to tell sets apart.</summary>
    public const int VersionLength = 12;

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
    private string? _version;
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
        if (_artifacts.FoldIn && _parts.HasFlag(ServingParts.Recommendations))
        {
            _parts |= ServingParts.FoldIn;
        }

        if (_parts == ServingParts.None)
        {
            _current = new ServingRecommender(ServingSet.Empty, _recommendations);
            _firstLoad.SetResult(new ReloadOutcome(true, null, TimeSpan.Zero));
        }
    }

    /// <summary>The set being served, or null before the first load succeeds.</summary>
    public ServingRecommender? Current => Volatile.Read(ref _current);

    /// <summary>
    /// The version of the set being served: the first <see cref="VersionLength"/> hex digits of its manifest.json's
    /// SHA-256 (<see cref="Unversioned"/> for a set without one), or null before the first load succeeds. Replicas
    /// serving the same published set show the same version.
    /// </summary>
    public string? Version => Volatile.Read(ref _version);

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

        _ = Task.Run(FirstLoadAsync, CancellationToken.None);
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
        // A stopped host serves no set: its version leaves /metrics (tests run several hosts in one process).
        if (Volatile.Read(ref _version) is { } version && _parts != ServingParts.None)
        {
            s_info.RemoveLabelled(version);
        }

        _watcher?.Dispose();
        if (_poll is not null)
        {
            await _poll.DisposeAsync();
        }

        await _stopping.CancelAsync();
    }

    /// <summary>
    /// Loads the configured artifact set (downloading it first when it lives in S3) and swaps it in. Concurrent calls
    /// wait for each other, so at most one set is being built at a time. Any failure, whatever threw it, is a failed
    /// outcome (counted, logged, kept as <see cref="LastError"/>); only <paramref name="cancellationToken"/> ends it
    /// with <see cref="OperationCanceledException"/>.
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
            // Read before the set: a manifest replaced during the load triggers another reload, which corrects it.
            var version = VersionOf(digest ?? LocalDigestOrNull(directory));
            var parts = PartsFor(directory);
            var set = await Task.Run(() => ServingSetLoader.Load(directory, ItemsPath(), parts, LiveRecommender.Loader, cancellationToken), cancellationToken);
            Volatile.Write(ref _current, new ServingRecommender(set, _recommendations));

            // The version and counters follow the swap at once: a request served by the new set must not read the old
            // ones in /stats or its version header for as long as the collection below takes.
            _loadedManifestDigest = digest;
            var previousVersion = Interlocked.Exchange(ref _version, version);
            if (previousVersion is not null && previousVersion != version)
            {
                s_info.RemoveLabelled(previousVersion);
            }

            s_info.WithLabels(version).Set(1);
            Loads++;
            LastError = null;
            LastErrorUtc = null;
            s_loads.WithLabels("loaded").Inc();
            s_loadedAt.Set(new DateTimeOffset(set.LoadedUtc).ToUnixTimeMilliseconds() / 1000.0);
            s_trainedAt.Set(set.TrainedUtc is { } trained ? new DateTimeOffset(DateTime.SpecifyKind(trained, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0 : 0);

            // What the load threw away (scan buffers, id lists, sort keys) and, on a reload, the old set's arrays (~1.5 GB
            // at full size with the live ranker) stay committed until a gen-2 collection, which may never come (serving
            // allocates little), and a plain one keeps the freed regions: a compacting one returns them, ~150 MB at full
            // scale, in 0.04-0.3 s (bench/RESULTS.md, "Live serving memory").
            MemoryRelease.Now();
            LogLoaded(set.Directory, set.Offline.UserCount, set.OfflineFile is null ? "-" : Path.GetFileName(set.OfflineFile),
                set.Similar.ItemCount, set.Catalog.Count, set.LoadTime.TotalSeconds);
            return new ReloadOutcome(true, null, clock.Elapsed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Core names every artifact problem (EncoreException); anything else is still this load's failure, with
            // its type, so the old set keeps serving instead of the exception escaping as a 500 or a silent hang.
            var message = e is EncoreException or IOException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            var error = WithoutDirectories(message);
            FailedLoads++;
            LastError = error;
            LastErrorUtc = DateTime.UtcNow;
            s_loads.WithLabels("failed").Inc();
            // The log is the operator's, so it keeps the full paths; the error answered over HTTP names files only.
            if (e is EncoreException)
            {
                LogLoadFailed(message, _current is not null);
            }
            else
            {
                LogLoadFailedUnexpectedly(e, message, _current is not null);
            }

            return new ReloadOutcome(false, error, clock.Elapsed, message);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <summary>
    /// What to load from <paramref name="directory"/>: the role's parts, and the live ranker (with the fold-in it needs)
    /// when <c>Artifacts:Live</c> is on and this set has live_model.bin. Decided per load, so a reload that brings the
    /// model (or drops it) serves live (or degrades) from then on.
    /// </summary>
    private ServingParts PartsFor(string directory) =>
        _artifacts.Live && _parts.HasFlag(ServingParts.Recommendations) && File.Exists(Path.Combine(directory, ArtifactFiles.LiveModel))
            ? _parts | ServingParts.Live
            : _parts;

    /// <summary>
    /// <paramref name="message"/> with every absolute path cut to its file name: /health/ready, /stats and the reload
    /// answer say which file is bad without telling a caller where the service keeps its files.
    /// </summary>
    internal static string WithoutDirectories(string message) => AbsolutePath().Replace(message, "$1");

    // An absolute path not inside a URL (s3://bucket/key keeps its text): "/a/b/file" keeps "file".
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.:/])/(?:[^\s/:'""()]+/)+([^\s/:'""()]+)")]
    private static partial System.Text.RegularExpressions.Regex AbsolutePath();

    /// <summary>The version a manifest digest (lower-case hex SHA-256, or null without a manifest) names.</summary>
    internal static string VersionOf(string? manifestDigest) => manifestDigest is null ? Unversioned : manifestDigest[..VersionLength];

    private static string? LocalDigestOrNull(string directory) =>
        File.Exists(Path.Combine(directory, ArtifactFiles.Manifest)) ? ArtifactStore.LocalManifestDigest(directory) : null;

    /// <summary>The first load, in the background: it always completes <see cref="FirstLoad"/>, also when the host stops during it.</summary>
    private async Task FirstLoadAsync()
    {
        try
        {
            _firstLoad.TrySetResult(await ReloadAsync(_stopping.Token));
        }
        catch (OperationCanceledException)
        {
            _firstLoad.TrySetResult(new ReloadOutcome(false, "The service stopped before the artifacts loaded.", TimeSpan.Zero));
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading artifacts failed: {Error} (still serving the previous set: {Serving})")]
    private partial void LogLoadFailedUnexpectedly(Exception exception, string error, bool serving);

    [LoggerMessage(Level = LogLevel.Information, Message = "A new artifact set was published to {Location}; reloading")]
    private partial void LogNewManifest(string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking {Location} for a new artifact set failed: {Error} (still serving the current set)")]
    private partial void LogPollFailed(string location, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Location} can be reached again")]
    private partial void LogPollRecovered(string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Location}: {Copied} files downloaded, {Unchanged} unchanged, into {Cache}")]
    private partial void LogFetched(string location, int copied, int unchanged, string cache);
}
