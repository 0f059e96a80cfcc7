namespace Encore.Cli.Tests;

/// <summary>
/// Option values that used to escape as an unexpected exception (exit 2 "internal error", or worse) are now one line
/// naming the option, exit code 1 (issue 12).
/// </summary>
public sealed class OptionValueTests
{
    private static void AssertOneLineUserError(int code, string error, string named)
    {
        Assert.True(code == 1, $"exit code {code}: {error}");
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notaurl")] // was FormatException
    [InlineData("http://127.0.0.1:99999")] // was ArgumentOutOfRangeException
    [InlineData("ftp://127.0.0.1:8000")] // was InvalidOperationException
    public void ServeRejectsAMalformedUrlsNamingTheOptionAndValue(string urls)
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke("serve", "--artifacts", dir.Path, "--urls", urls);

        AssertOneLineUserError(code, error, "--urls");
        Assert.Contains(urls, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ServeRejectsAnEmptyUrlsInsteadOfListeningOnKestrelsDefault()
    {
        using var dir = new TempDirectory();

        var (code, _, error) = CliHarness.Invoke("serve", "--artifacts", dir.Path, "--urls", " ");

        AssertOneLineUserError(code, error, "--urls");
    }

    [Fact]
    public void ClientRejectsATimeoutTooLongForATimeSpan()
    {
        var (code, _, error) = CliHarness.Invoke("client", "--url", "http://127.0.0.1:9", "--timeout", "1e300", "--no-log");

        AssertOneLineUserError(code, error, "--timeout");
    }

    [Fact]
    public void EvaluateRejectsACutoffBeyondTheLongestListTrainWrites()
    {
        using var dir = new TempDirectory();

        // 2e9 made every user's buffer that long: the process was killed for memory.
        var (code, _, error) = CliHarness.Invoke("evaluate", "--data", dir.Path, "--artifacts", dir.Path, "--k", "5,20000");

        AssertOneLineUserError(code, error, "--k");
        Assert.Contains("20000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateRejectsAnEmptyOutPath()
    {
        var (code, _, error) = CliHarness.Invoke("generate", "--out", "", "--users", "10", "--tracks", "10");

        AssertOneLineUserError(code, error, "Output directory");
    }

    [Fact]
    public void BenchAlsRejectsAnInputWithoutEventsNamingTheFile()
    {
        using var dir = new TempDirectory();
        var input = dir.Combine("header-only.csv");
        File.WriteAllText(input, "user_id,item_id\n");

        var (code, _, error) = CliHarness.Invoke("bench", "als", "--input", input, "--factors", "2", "--iterations", "1");

        AssertOneLineUserError(code, error, input);
    }
}
