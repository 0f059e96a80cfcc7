namespace Encore.Core.Artifacts.Store;

/// <summary>
/// How to reach an S3 store. Every property left null comes from the standard AWS settings: AWS_ENDPOINT_URL_S3 /
/// AWS_ENDPOINT_URL, AWS_REGION / AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE with
/// ~/.aws/credentials and ~/.aws/config (read by the SDK's own profile and credential chain).
/// </summary>
public sealed record S3StoreOptions
{
    /// <summary>Options that take everything from the environment and the AWS files.</summary>
    public static readonly S3StoreOptions FromEnvironment = new();

    /// <summary>
    /// An S3-compatible endpoint such as https://storage.yandexcloud.net or http://127.0.0.1:9000 (MinIO);
    /// when set, buckets are addressed path-style (https://host/bucket/key).
    /// </summary>
    public string? EndpointUrl { get; init; }

    /// <summary>The signing region, e.g. ru-central1 for Yandex Object Storage; us-east-1 when an endpoint is set without one.</summary>
    public string? Region { get; init; }

    /// <summary>An access key id; used only together with <see cref="SecretAccessKey"/>.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The secret of <see cref="AccessKeyId"/>.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>A profile of ~/.aws/credentials or ~/.aws/config; defaults to AWS_PROFILE, then "default".</summary>
    public string? Profile { get; init; }

    /// <summary>
    /// Files of at least this many bytes go up as multipart uploads of parts this size (S3's minimum part is 5 MiB);
    /// each part is checked by the server against its Content-MD5.
    /// </summary>
    public long PartSizeBytes { get; init; } = 64L << 20;

    /// <summary>Parts of one file uploaded at once.</summary>
    public int ConcurrentParts { get; init; } = 4;
}
