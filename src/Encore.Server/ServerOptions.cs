namespace Encore.Server;

/// <summary>The "Server" configuration section: which role this process plays and how it guards itself.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    public const string AllRoles = "all";
    public const string RecommendationsRole = "recommendations";
    public const string FeaturesRole = "features";
    public const string EventsRole = "events";

    /// <summary>
    /// <c>all</c> (default: one process serves everything), or one of the seed's three services:
    /// <c>recommendations</c>, <c>features</c> (similar tracks), <c>events</c> (online history).
    /// </summary>
    public string Role { get; set; } = AllRoles;

    /// <summary>
    /// When set, writes (<c>/put</c>, <c>POST /v1/users/{id}/events</c>) and <c>/admin/*</c> need this value in the
    /// <c>X-Api-Key</c> header. Empty (default) leaves them open, as the seed's clients send no key.
    /// </summary>
    public string ApiKey { get; set; } = "";

    /// <summary>
    /// With an <see cref="ApiKey"/> set, <c>/stats</c> and <c>/metrics</c> need it too (default): they tell what is
    /// loaded, how often it failed and how much traffic there is. False leaves them open for a scraper on a trusted
    /// network; <c>/health/*</c> stay open either way, for probes.
    /// </summary>
    public bool ProtectOperations { get; set; } = true;

    /// <summary>True when <c>/stats</c> and <c>/metrics</c> need the API key.</summary>
    public bool OperationsNeedKey => ProtectOperations && !string.IsNullOrEmpty(ApiKey);

    /// <summary>The largest request body accepted; every endpoint takes its input from the URL, so bodies stay tiny.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024;

    /// <summary>The largest total size of a request's headers (431 problem+json beyond).</summary>
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>The most headers a request may have (431 problem+json beyond).</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The longest request target, path and query together (414 problem+json beyond).</summary>
    public int MaxRequestTargetBytes { get; set; } = 8 * 1024;

    /// <summary>
    /// Rewrites the empty answers Kestrel writes itself when it cannot parse a request (a target that decodes to a
    /// NUL, a header name with a space, no Host, an unknown HTTP version, a request line or headers beyond even its
    /// raised limits) into problem+json naming what was wrong (<see cref="Apis.KestrelRejections"/>). Every other byte
    /// passes through as written; false leaves Kestrel's empty answers as they are.
    /// </summary>
    public bool RewriteKestrelRejections { get; set; } = true;

    /// <summary>
    /// Completes socket reads and writes on the runtime's epoll thread instead of handing each one to the thread
    /// pool (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1): one thread wake-up fewer per request, which cut p99 at
    /// half the peak rate by 0.1–1 ms on 2 cores (bench/RESULTS.md). Request handlers still run on the pool, and
    /// nothing in Encore blocks in a socket callback. Linux only; applied by processes that exist to serve
    /// (<see cref="EncoreServer.ApplyProcessSettings"/>), never by a host that runs other code too.
    /// </summary>
    public bool InlineSocketCompletions { get; set; } = true;

    /// <summary>
    /// Logs one line per request: method, path (no query), status, duration in ms and the version of the artifact set
    /// serving (<see cref="Operations.RequestLog"/>). Off by default: when off the middleware is not added at all.
    /// </summary>
    public bool RequestLog { get; set; }

    public bool Serves(string role) => Role == AllRoles || Role == role;
}

/// <summary>The "Artifacts" section: where the artifact set comes from and how it is kept fresh.</summary>
public sealed class ArtifactsOptions
{
    public const string Section = "Artifacts";

    /// <summary>A directory written by <c>encore train</c>, or <c>s3://bucket/prefix</c> of <c>encore publish</c>.</summary>
    public string Location { get; set; } = "";

    /// <summary>
    /// items.parquet (or the data directory holding it) for track names, artists and genres instead of the set's own
    /// catalog.parquet; empty serves the set's own (a set whose manifest lists none fails to load, naming the fix).
    /// </summary>
    public string Items { get; set; } = "";

    /// <summary>
    /// Also load the set's als_model.bin for request-time ALS fold-in (<see cref="Encore.Core.Serving.FoldInRecommender"/>;
    /// roles that serve recommendations only). Off by default: it costs the model's memory and load time, and it serves
    /// only explanations (kind=live loads it by itself when the set has a live model, see <see cref="Live"/>). A set without the model loads without fold-in; a malformed one fails the load.
    /// </summary>
    public bool FoldIn { get; set; }

    /// <summary>
    /// Load the request-time ranker (<c>kind=live</c>) when the set has its model (live_model.bin), together with the
    /// ALS model it folds listeners in with (als_model.bin, whatever <see cref="FoldIn"/> says); roles that serve
    /// recommendations only. On by default: a set without live_model.bin costs nothing, and one without als_model.bin
    /// loads without the live ranker (kind=live then degrades to the blend). Off never loads it, to save its memory.
    /// </summary>
    public bool Live { get; set; } = true;

    /// <summary>Where an S3 set is downloaded to; empty uses a folder under the system temp directory.</summary>
    public string CacheDirectory { get; set; } = "";

    /// <summary>Reload when manifest.json of a local directory changes (a new training run finished).</summary>
    public bool WatchManifest { get; set; } = true;

    /// <summary>How long the manifest must stay unchanged before a reload starts: a copy in progress is not loaded.</summary>
    public TimeSpan WatchDebounce { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often an s3:// location's manifest.json is read to notice a new publish (one small GET; the set is
    /// downloaded and reloaded only when the manifest changed); zero turns polling off.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How to reach an s3:// location; what is left empty comes from the AWS environment variables and files.</summary>
    public ArtifactsS3Options S3 { get; set; } = new();
}

/// <summary>
/// The "Artifacts:S3" section. Empty values fall back to the standard AWS settings (AWS_ENDPOINT_URL_S3, AWS_REGION,
/// AWS_PROFILE, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ~/.aws/credentials), which is where credentials belong.
/// </summary>
public sealed class ArtifactsS3Options
{
    /// <summary>An S3-compatible endpoint, e.g. https://storage.yandexcloud.net; buckets are then addressed path-style.</summary>
    public string EndpointUrl { get; set; } = "";

    /// <summary>The signing region, e.g. ru-central1.</summary>
    public string Region { get; set; } = "";

    /// <summary>A profile of ~/.aws/credentials and ~/.aws/config.</summary>
    public string Profile { get; set; } = "";

    /// <summary>An access key id, used only with <see cref="SecretAccessKey"/>; prefer the AWS variables or files.</summary>
    public string AccessKeyId { get; set; } = "";

    /// <summary>The secret of <see cref="AccessKeyId"/>.</summary>
    public string SecretAccessKey { get; set; } = "";

    /// <summary>These settings as the artifact store takes them.</summary>
    public Encore.Core.Artifacts.Store.S3StoreOptions ToStoreOptions() => new()
    {
        EndpointUrl = NullIfEmpty(EndpointUrl),
        Region = NullIfEmpty(Region),
        Profile = NullIfEmpty(Profile),
        AccessKeyId = NullIfEmpty(AccessKeyId),
        SecretAccessKey = NullIfEmpty(SecretAccessKey),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>The "Peers" section: where the other roles of a split deployment listen.</summary>
public sealed class PeersOptions
{
    public const string Section = "Peers";

    /// <summary>The features role (similar tracks), e.g. <c>http://127.0.0.1:8010</c>; needed by the recommendations role.</summary>
    public Uri? FeaturesUrl { get; set; }

    /// <summary>How long one call to a peer may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a call may take, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a failed read from a peer is retried.</summary>
    public int Retries { get; set; } = 2;
}
