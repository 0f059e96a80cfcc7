using Encore.Core.Tests.Artifacts.Store;

namespace Encore.Cli.Tests;

/// <summary>
/// <c>encore publish</c> and <c>encore fetch</c> against the local S3 server, with credentials taken the way users give
/// them: a profile of an AWS credentials file, read by the SDK.
/// </summary>
public sealed class StoreCommandsS3Tests(StoreCommandsS3Tests.ServerWithProfiles fixture) : IClassFixture<StoreCommandsS3Tests.ServerWithProfiles>
{
    private readonly LocalS3Server _server = fixture.Server;

    /// <summary>
    /// The local S3 server, and a credentials file with profiles "encore-good" and "encore-bad" that the SDK reads
    /// through AWS_SHARED_CREDENTIALS_FILE. The SDK reads that variable once, on first use, so it is set before the
    /// server's first client; no other test of this assembly uses the SDK or these variables.
    /// </summary>
    public sealed class ServerWithProfiles : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        public LocalS3Server Server { get; } = new();

        public async ValueTask InitializeAsync()
        {
            var credentials = _directory.Combine("credentials");
            File.WriteAllText(
                credentials,
                $"[encore-good]\naws_access_key_id = {LocalS3Server.AccessKey}\naws_secret_access_key = {LocalS3Server.AccessKey}\n\n" +
                "[encore-bad]\naws_access_key_id = NOT-A-KEY\naws_secret_access_key = wrong\n");
            File.WriteAllText(_directory.Combine("config"), "");
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", credentials);
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", _directory.Combine("config"));
            await Server.InitializeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _directory.Dispose();
        }
    }

    private string[] S3Args(string profile) => ["--endpoint-url", _server.Endpoint!, "--region", "us-east-1", "--profile", profile];

    [Fact]
    public void PublishThenFetchThroughS3GivesByteIdenticalFiles()
    {
        _server.Require();
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Combine("art"));
        var url = $"s3://{LocalS3Server.Bucket}/cli/{Guid.NewGuid():N}";

        var (code, output, error) = CliHarness.Invoke(["publish", "--artifacts", dir.Combine("art"), "--to", url, .. S3Args("encore-good")]);
        Assert.True(code == 0, error);
        Assert.Contains($"to {url};", output, StringComparison.Ordinal);
        (code, _, error) = CliHarness.Invoke(["fetch", "--from", url, "--out", dir.Combine("got"), .. S3Args("encore-good")]);

        Assert.True(code == 0, error);
        ArtifactSets.AssertSame(ArtifactSets.Snapshot(dir.Combine("art")), ArtifactSets.Snapshot(dir.Combine("got")));
    }

    [Fact]
    public void WrongCredentialsAreOneLineNamingTheProblem()
    {
        _server.Require();
        using var dir = new TempDirectory();
        ArtifactSets.Write(dir.Path);

        var (code, _, error) = CliHarness.Invoke(
            ["publish", "--artifacts", dir.Path, "--to", $"s3://{LocalS3Server.Bucket}/cli", .. S3Args("encore-bad")]);

        Assert.Equal(1, code);
        Assert.Contains("InvalidAccessKeyId", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void AMissingBucketIsOneLineNamingTheBucket()
    {
        _server.Require();
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke(["fetch", "--from", "s3://no-such-bucket/x", "--out", dir.Path, .. S3Args("encore-good")]);

        Assert.Equal(1, code);
        Assert.Contains("bucket 'no-such-bucket' does not exist", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void AnUnreachableEndpointIsOneLineNamingIt()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke(
            ["fetch", "--from", "s3://recs/x", "--out", dir.Path, "--endpoint-url", "http://127.0.0.1:9", "--profile", "encore-good"]);

        Assert.Equal(1, code);
        Assert.Contains("cannot reach S3 endpoint http://127.0.0.1:9", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void AnUnknownProfileIsNamed()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke(["fetch", "--from", "s3://recs/x", "--out", dir.Path, "--profile", "nobody"]);

        Assert.Equal(1, code);
        Assert.Contains("AWS profile 'nobody'", error, StringComparison.Ordinal);
    }
}
