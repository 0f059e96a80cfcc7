namespace Encore.Core.Artifacts.Store;

/// <summary>
/// Where an artifact set lives: a local directory (the default) or an S3 bucket and key prefix
/// (<c>s3://bucket/prefix</c>, as the seed stored its artifacts in Yandex Object Storage).
/// </summary>
public abstract record ArtifactLocation
{
    private const string S3Scheme = "s3://";

    private protected ArtifactLocation() { }

    /// <summary>
    /// Parses <paramref name="value"/>: <c>s3://bucket</c> or <c>s3://bucket/prefix</c>, otherwise a local directory.
    /// </summary>
    /// <exception cref="EncoreException">An empty value, another URL scheme, or a malformed S3 URL (named in the message).</exception>
    public static ArtifactLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new EncoreException("Artifact location is empty: give a directory or s3://bucket/prefix.");
        }

        if (value.StartsWith(S3Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return ParseS3(value);
        }

        // "C:\dir" has a colon but no "://"; anything with a scheme is a URL we cannot serve.
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            throw new EncoreException($"Artifact location '{value}': scheme '{value[..scheme]}://' is not supported; use a directory or s3://bucket/prefix.");
        }

        return new LocalArtifactLocation(value);
    }

    private static S3ArtifactLocation ParseS3(string value)
    {
        var rest = value[S3Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (!IsBucketName(bucket))
        {
            throw new EncoreException(
                $"Artifact location '{value}': '{bucket}' is not a bucket name (3-63 lowercase letters, digits, '.' or '-'; " +
                "starts and ends with a letter or digit). Expected s3://bucket/prefix.");
        }

        if (prefix.Contains("//", StringComparison.Ordinal) || prefix.Contains('\\', StringComparison.Ordinal) ||
            prefix.Split('/').Any(part => part is "." or ".."))
        {
            throw new EncoreException($"Artifact location '{value}': prefix '{prefix}' has an empty, '.' or '..' segment or a backslash.");
        }

        return new S3ArtifactLocation(bucket, prefix);
    }

    private static bool IsBucketName(string name)
    {
        if (name.Length is < 3 or > 63 || !IsLowerOrDigit(name[0]) || !IsLowerOrDigit(name[^1]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLowerOrDigit(c) && c is not '.' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}

/// <summary>An artifact set in a local directory.</summary>
public sealed record LocalArtifactLocation(string Directory) : ArtifactLocation
{
    public override string ToString() => Directory;
}

/// <summary>An artifact set under <paramref name="Prefix"/> (no leading or trailing '/', may be empty) in an S3 bucket.</summary>
public sealed record S3ArtifactLocation(string Bucket, string Prefix) : ArtifactLocation
{
    /// <summary>The object key of <paramref name="file"/> in this set.</summary>
    public string Key(string file) => Prefix.Length == 0 ? file : $"{Prefix}/{file}";

    public override string ToString() => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";
}
