using Encore.Core.Artifacts.Store;

namespace Encore.Core.Pipeline.Steps;

/// <summary>
/// The <c>publish</c> section of encore.json: where <c>encore pipeline</c> uploads the artifact set it produced.
/// Credentials are never part of it (they would end up in a committed file); they come from the AWS environment
/// variables and files, like <c>encore publish</c>.
/// </summary>
public sealed record PublishOptions
{
    /// <summary><c>s3://bucket/prefix</c> or a directory; null (the default) publishes nothing.</summary>
    public string? To { get; init; }

    /// <summary>An S3-compatible endpoint (Yandex Object Storage, MinIO); null takes AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>The signing region; null takes AWS_REGION / AWS_DEFAULT_REGION.</summary>
    public string? Region { get; init; }

    /// <summary>A profile of ~/.aws/credentials and ~/.aws/config; null takes AWS_PROFILE, then default.</summary>
    public string? Profile { get; init; }

    /// <summary>The destination, or null when nothing is to be published.</summary>
    public ArtifactLocation? Location => To is null ? null : ArtifactLocation.Parse(To);

    public S3StoreOptions S3 => new() { EndpointUrl = EndpointUrl, Region = Region, Profile = Profile };

    /// <exception cref="EncoreException">The destination is not a directory or s3://bucket/prefix.</exception>
    public void Validate()
    {
        try
        {
            _ = Location;
        }
        catch (EncoreException e)
        {
            throw new EncoreException($"publish.to: {e.Message}", e);
        }
    }
}
