namespace Encore.Cli.Tests;

public sealed class DataCommandsTests
{
    [Fact]
    public void PrepareOfAMissingRawDirectoryExitsOneAndNamesTheFile()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke("prepare", "--raw", dir.Combine("nowhere"), "--out", dir.Combine("out"));

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("tracks.parquet", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("out", "items.parquet")));
    }

    [Fact]
    public void PrepareRejectsASplitDateThatIsNotADate()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke("prepare", "--raw", dir.Path, "--out", dir.Combine("out"), "--split-date", "16.12.2022");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("--split-date", error, StringComparison.Ordinal);
        Assert.Contains("16.12.2022", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateRejectsZeroUsersNamingTheParameter()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliHarness.Invoke("generate", "--out", dir.Path, "--users", "0");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Contains("users", error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void GenerateIsByteIdenticalForTheSameArguments()
    {
        using var dir = new TempDirectory();
        string[] Run(string name)
        {
            var (code, _, error) = CliHarness.Invoke("generate", "--out", dir.Combine(name), "--users", "500", "--tracks", "800", "--seed", "7");
            Assert.True(code == 0, error);
            return Directory.GetFiles(dir.Combine(name)).Order(StringComparer.Ordinal)
                .Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))).ToArray();
        }

        Assert.Equal(Run("a"), Run("b"));
    }
}
