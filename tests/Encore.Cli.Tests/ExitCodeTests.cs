namespace Encore.Cli.Tests;

/// <summary>The documented exit codes: 1 bad input, 2 usage error, 70 internal error (issue 12: exit 2 only for usage errors).</summary>
public sealed class ExitCodeTests
{
    [Theory]
    [InlineData("nosuchverb")]
    [InlineData("train", "--data", "d", "--out", "o", "--bogus")]
    [InlineData("train")]
    [InlineData("generate", "--out", "o", "--users", "abc")]
    [InlineData("evaluate", "--data", "d", "--artifacts", "a", "--protocol", "mine")]
    public void ACommandLineThatDoesNotParseIsAUsageErrorExitingTwo(params string[] args)
    {
        var (code, _, error) = CliHarness.Invoke(args);

        Assert.Equal(CommandRunner.UsageError, code);
        Assert.Equal(2, code);
        Assert.Contains("--help' for usage.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AUsageErrorPrintsTheErrorAndTheVerbsHelpCommandNotTheWholeHelp()
    {
        var (_, output, error) = CliHarness.Invoke("bench", "als", "--factors", "many");

        Assert.Contains("'many'", error, StringComparison.Ordinal);
        Assert.Contains("Run 'encore bench als --help' for usage.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Options:", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnexpectedExceptionExitsSeventyInOneLineApartFromUsageErrors()
    {
        var error = new StringWriter();

        var code = CommandRunner.Run(_ => throw new InvalidCastException("boom"), new StringWriter(), error);

        Assert.Equal(70, code);
        Assert.NotEqual(CommandRunner.UsageError, code);
        Assert.StartsWith("error: internal error (InvalidCastException): boom", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HelpStatesTheExitCodes()
    {
        var (code, output, _) = CliHarness.Invoke("--help");

        Assert.Equal(0, code);
        Assert.Contains("Exit codes: 0 success; 1 bad input", output, StringComparison.Ordinal);
    }
}
