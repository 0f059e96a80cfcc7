using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

public sealed class S3ErrorsTests
{
    [Theory]
    [InlineData("SignatureDoesNotMatch", HttpStatusCode.Forbidden, "secret access key does not match")]
    [InlineData("InvalidAccessKeyId", HttpStatusCode.Forbidden, "access key id is not known")]
    [InlineData("NoSuchBucket", HttpStatusCode.NotFound, "bucket 'recs' does not exist at http://s3.test")]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden, "access denied (AccessDenied)")]
    [InlineData("SlowDown", HttpStatusCode.ServiceUnavailable, "S3 error SlowDown (HTTP 503) at http://s3.test")]
    public void ServiceErrorsSayWhatToCheck(string code, HttpStatusCode status, string expected)
    {
        var error = new AmazonS3Exception("server text") { ErrorCode = code, StatusCode = status };

        var message = S3Errors.Describe(error, "s3://recs/a/manifest.json", "recs", "http://s3.test", CancellationToken.None);

        Assert.StartsWith("s3://recs/a/manifest.json: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains(code, message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionFailuresNameTheEndpoint()
    {
        var error = new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));

        var message = S3Errors.Describe(error, "s3://recs", "recs", "http://127.0.0.1:9", CancellationToken.None);

        Assert.Contains("cannot reach S3 endpoint http://127.0.0.1:9", message, StringComparison.Ordinal);
    }

    [Fact]
    public void CancellationAndBugsAreNotTranslated()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Null(S3Errors.Describe(new OperationCanceledException(cancelled.Token), "s3://recs", "recs", "e", cancelled.Token));
        Assert.Null(S3Errors.Describe(new InvalidOperationException("bug"), "s3://recs", "recs", "e", CancellationToken.None));
    }
}
