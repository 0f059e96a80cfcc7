using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace Encore.Core.Artifacts.Store;

/// <summary>Builds an S3 client from <see cref="S3StoreOptions"/> and the standard AWS settings.</summary>
internal static class S3ClientFactory
{
    /// <summary>The client, and the endpoint it talks to (for error messages).</summary>
    public static (IAmazonS3 Client, string Endpoint) Create(S3StoreOptions options)
    {
        var profileName = options.Profile ?? Environment.GetEnvironmentVariable("AWS_PROFILE") ?? "default";
        var profiles = new CredentialProfileStoreChain();
        profiles.TryGetProfile(profileName, out var profile);
        if (options.Profile is not null && profile is null)
        {
            throw new EncoreException($"AWS profile '{options.Profile}' is not in ~/.aws/credentials or ~/.aws/config.");
        }

        var endpoint = options.EndpointUrl ?? Variable("AWS_ENDPOINT_URL_S3") ?? Variable("AWS_ENDPOINT_URL") ?? profile?.EndpointUrl;
        var region = options.Region ?? Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION") ?? profile?.Region?.SystemName;

        var config = new AmazonS3Config
        {
            // S3-compatible servers (s3rver, older MinIO, some clouds) reject the SDK v4 default of
            // streaming checksum trailers; integrity is checked here with Content-MD5, ETag and SHA-256 instead.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
        };
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new EncoreException($"S3 endpoint URL '{endpoint}' is not an http:// or https:// URL (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL).");
            }

            config.ServiceURL = endpoint;

            // Virtual-hosted addressing needs DNS for bucket.host; S3-compatible stores are reached path-style.
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        var client = Credentials(options, profileName, profile, profiles) is { } credentials
            ? new AmazonS3Client(credentials, config)
            : new AmazonS3Client(config);
        return (client, endpoint ?? (region is null ? "AWS S3" : $"AWS S3 ({region})"));
    }

    private static AWSCredentials? Credentials(S3StoreOptions options, string profileName, CredentialProfile? profile, CredentialProfileStoreChain profiles)
    {
        if (options.AccessKeyId is not null || options.SecretAccessKey is not null)
        {
            if (string.IsNullOrEmpty(options.AccessKeyId) || string.IsNullOrEmpty(options.SecretAccessKey))
            {
                throw new EncoreException("S3 credentials: give both the access key id and the secret access key.");
            }

            return new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey);
        }

        if (options.Profile is not null && profile is not null)
        {
            return profiles.TryGetAWSCredentials(profileName, out var fromProfile)
                ? fromProfile
                : throw new EncoreException($"AWS profile '{profileName}' has no usable credentials.");
        }

        // Null: the SDK's default chain (environment, AWS_PROFILE or default profile, web identity, container, instance).
        return null;
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
