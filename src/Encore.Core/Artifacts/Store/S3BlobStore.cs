using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Encore.Core.Artifacts.Store;

/// <summary>
/// Artifact files as objects under one bucket and prefix. Uploads carry Content-MD5 (per part for multipart), so the
/// server rejects a body damaged on the way; afterwards the object's size and ETag are read back and compared.
/// </summary>
internal sealed class S3BlobStore : IArtifactBlobStore
{
    private const string Sha256Metadata = "sha256";

    private readonly IAmazonS3 _client;
    private readonly string _endpoint;
    private readonly S3ArtifactLocation _location;
    private readonly S3StoreOptions _options;

    public S3BlobStore(S3ArtifactLocation location, S3StoreOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConcurrentParts, 1);
        if (options.PartSizeBytes < 1 << 20)
        {
            throw new EncoreException($"S3 part size {options.PartSizeBytes} bytes is below 1 MiB.");
        }

        _location = location;
        _options = options;
        (_client, _endpoint) = S3ClientFactory.Create(options);
    }

    public long PartSizeBytes => _options.PartSizeBytes;

    public string Describe(string file) => $"s3://{_location.Bucket}/{_location.Key(file)}";

    public Task CheckAccessAsync(bool forWriting, CancellationToken cancellationToken) =>
        Call(_location.ToString(), async () =>
        {
            // One cheap call that fails with NoSuchBucket, InvalidAccessKeyId, SignatureDoesNotMatch or a connection error
            // (a HEAD would fail without an error code). The manifest's key as the prefix keeps the answer to a line or
            // two, never truncated: s3rver cannot make continuation tokens on current Node.
            var request = new ListObjectsV2Request { BucketName = _location.Bucket, Prefix = _location.Key(ArtifactFiles.Manifest) };
            await _client.ListObjectsV2Async(request, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<bool> HoldsAsync(string file, FileDigest digest, CancellationToken cancellationToken) =>
        Call(Describe(file), async () =>
        {
            try
            {
                var head = await _client.GetObjectMetadataAsync(_location.Bucket, _location.Key(file), cancellationToken);
                return head.ContentLength == digest.Bytes && digest.MatchesETag(head.ETag);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }, cancellationToken);

    public Task UploadAsync(string file, string localPath, FileDigest digest, IProgress<long> bytes, CancellationToken cancellationToken) =>
        Call(Describe(file), async () =>
        {
            var key = _location.Key(file);
            if (digest.IsMultipart)
            {
                await UploadPartsAsync(key, localPath, digest, bytes, cancellationToken);
            }
            else
            {
                var request = new PutObjectRequest
                {
                    BucketName = _location.Bucket,
                    Key = key,
                    FilePath = localPath,
                    MD5Digest = Convert.ToBase64String(digest.Md5),
                    ContentType = "application/octet-stream",
                };
                request.Metadata.Add(Sha256Metadata, digest.Sha256);
                request.StreamTransferProgress += (_, e) => bytes.Report(e.IncrementTransferred);
                await _client.PutObjectAsync(request, cancellationToken);
            }

            var head = await _client.GetObjectMetadataAsync(_location.Bucket, key, cancellationToken);
            if (head.ContentLength != digest.Bytes || !digest.MatchesETag(head.ETag))
            {
                throw new EncoreException(
                    $"{Describe(file)}: after the upload of {localPath} the object has {head.ContentLength} bytes and ETag {head.ETag}, " +
                    $"not {digest.Bytes} bytes and the file's MD5 {Convert.ToHexStringLower(digest.Md5)}; it was damaged or overwritten.");
            }

            return true;
        }, cancellationToken);

    public Task<bool> TryDownloadAsync(string file, Stream destination, IProgress<long> bytes, CancellationToken cancellationToken) =>
        Call(Describe(file), async () =>
        {
            try
            {
                using var response = await _client.GetObjectAsync(_location.Bucket, _location.Key(file), cancellationToken);
                await using var body = response.ResponseStream;
                await ByteProgress.CopyAsync(body, destination, bytes, cancellationToken);

                return true;
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
            {
                return false;
            }
        }, cancellationToken);

    public Task DeleteAsync(string file, CancellationToken cancellationToken) =>
        Call(Describe(file), async () =>
        {
            await _client.DeleteObjectAsync(_location.Bucket, _location.Key(file), cancellationToken);
            return true;
        }, cancellationToken);

    public void Dispose() => _client.Dispose();

    private async Task UploadPartsAsync(string key, string localPath, FileDigest digest, IProgress<long> bytes, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = _location.Bucket, Key = key, ContentType = "application/octet-stream" };
        initiate.Metadata.Add(Sha256Metadata, digest.Sha256);
        var upload = await _client.InitiateMultipartUploadAsync(initiate, cancellationToken);
        var parts = new PartETag[digest.PartMd5s.Length];
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = _options.ConcurrentParts, CancellationToken = cancellationToken };
            await Parallel.ForAsync(0, parts.Length, options, async (i, token) =>
            {
                var (offset, length) = digest.Part(i);
                var request = new UploadPartRequest
                {
                    BucketName = _location.Bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = i + 1,
                    FilePath = localPath,
                    FilePosition = offset,
                    PartSize = length,
                    IsLastPart = i == parts.Length - 1,
                    MD5Digest = Convert.ToBase64String(digest.PartMd5s[i]),
                };
                request.StreamTransferProgress += (_, e) => bytes.Report(e.IncrementTransferred);
                var response = await _client.UploadPartAsync(request, token);
                parts[i] = new PartETag(i + 1, response.ETag);
            });
            await _client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _location.Bucket, Key = key, UploadId = upload.UploadId, PartETags = [.. parts] },
                cancellationToken);
        }
        catch
        {
            // Parts of an unfinished upload are billed until aborted; the error that got us here matters more.
            try
            {
                await _client.AbortMultipartUploadAsync(_location.Bucket, key, upload.UploadId, CancellationToken.None);
            }
            catch (AmazonS3Exception)
            {
            }
            catch (HttpRequestException)
            {
            }

            throw;
        }
    }

    private async Task<T> Call<T>(string target, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is not EncoreException && S3Errors.Describe(e, target, _location.Bucket, _endpoint, cancellationToken) is { } message)
        {
            throw new EncoreException(message, e);
        }
    }
}
