namespace Encore.Cli.Tests;

/// <summary>encore serve's start-up errors: one line naming the option, path or argument, exit code 1.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public void WithoutArtifactsServeFailsNamingTheOption()
    {
        var (code, _, error) = CliHarness.Invoke("serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Contains("Artifacts:Location is required", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void AMissingArtifactsDirectoryFailsNamingIt()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("nothing");

        var (code, _, error) = CliHarness.Invoke("serve", "--artifacts", missing, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidSettingFailsNamingIt()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke("serve", "--artifacts", dir.Path, "--urls", "http://127.0.0.1:0", "--Recommendations:MaxK=0");

        Assert.Equal(1, code);
        Assert.Contains("Recommendations:MaxK must be between 1 and 10000; got 0.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AStrayArgumentIsRejected()
    {
        var (code, _, error) = CliHarness.Invoke("serve", "--artifacts", "a", "oops");

        Assert.Equal(1, code);
        Assert.Contains("'oops'", error, StringComparison.Ordinal);
    }
}
