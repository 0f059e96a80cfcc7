using System.Text.Json;

namespace Encore.Cli.Tests;

public sealed class ImportAndQualityCommandTests
{
    // 12 users in two taste groups, 6 artists each; play counts in the third column (Last.fm hetrec layout).
    private static string TasteGroups()
    {
        var lines = new List<string> { "userID\tartistID\tweight" };
        for (var u = 1; u <= 12; u++)
        {
            var first = u <= 6 ? 100 : 200;
            for (var a = 0; a < 6; a++)
            {
                lines.Add($"{u}\t{first + a}\t{(u * 7 % 5) + a + 1}");
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    [Fact]
    public void ImportWritesBothFilesAndSaysThereIsNoTimeColumn()
    {
        using var dir = new TempDirectory();
        var events = dir.Combine("user_artists.dat");
        File.WriteAllText(events, TasteGroups());
        File.WriteAllText(dir.Combine("artists.dat"), "id\tname\n100\tMALICE MIZER\n");

        var (code, output, error) = CliHarness.Invoke(
            "import", "--events", events, "--user-col", "userID", "--item-col", "artistID", "--weight-col", "weight",
            "--names", dir.Combine("artists.dat"), "--out", dir.Combine("out"));

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("Imported 72 events of 12 users and 12 items (tab-separated)", output, StringComparison.Ordinal);
        Assert.Contains("No time column", output, StringComparison.Ordinal);
        Assert.Contains("1 of 12 items got a name", output, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("out", "events.parquet")));
        Assert.True(File.Exists(dir.Combine("out", "items.parquet")));
    }

    [Fact]
    public void ImportOfAWrongColumnExitsOneListingTheColumnsFound()
    {
        using var dir = new TempDirectory();
        var events = dir.Combine("ratings.csv");
        File.WriteAllText(events, "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n");

        var (code, _, error) = CliHarness.Invoke("import", "--events", events, "--out", dir.Combine("out"));

        Assert.Equal(1, code);
        Assert.Contains("--user-col", error, StringComparison.Ordinal);
        Assert.Contains("'user_id'", error, StringComparison.Ordinal);
        Assert.Contains("userId, movieId, rating, timestamp", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchQualityOnTheImportedEventsMatchesTheTextFileAndEndsWithJson()
    {
        using var dir = new TempDirectory();
        var events = dir.Combine("user_artists.dat");
        File.WriteAllText(events, TasteGroups());
        Assert.Equal(0, CliHarness.Invoke(
            "import", "--events", events, "--user-col", "userID", "--item-col", "artistID", "--weight-col", "weight", "--out", dir.Combine("out")).ExitCode);
        string[] common = ["--factors", "4", "--iterations", "5", "--threads", "1", "--k", "3", "--values", "binary"];

        var fromText = CliHarness.Invoke(["bench", "quality", "--input", events, .. common]);
        var fromParquet = CliHarness.Invoke(["bench", "quality", "--input", dir.Combine("out", "events.parquet"), .. common]);

        Assert.Equal((0, ""), (fromText.ExitCode, fromText.Error));
        Assert.Equal((0, ""), (fromParquet.ExitCode, fromParquet.Error));
        using var text = JsonDocument.Parse(LastLine(fromText.Output));
        using var parquet = JsonDocument.Parse(LastLine(fromParquet.Output));
        Assert.Equal(12, text.RootElement.GetProperty("test_users").GetInt32());
        // Each user has 6 artists: round(6 × 0.2) = 1 held out.
        Assert.Equal(12, text.RootElement.GetProperty("test_pairs").GetInt32());
        Assert.Equal(
            text.RootElement.GetProperty("als")[0].GetProperty("ndcg").GetDouble(),
            parquet.RootElement.GetProperty("als")[0].GetProperty("ndcg").GetDouble());
        Assert.Equal(
            text.RootElement.GetProperty("top_popular").GetProperty("recall").GetDouble(),
            parquet.RootElement.GetProperty("top_popular").GetProperty("recall").GetDouble());
    }

    [Fact]
    public void BenchQualityGridPrintsOneRowPerConfigAndTheBest()
    {
        using var dir = new TempDirectory();
        var events = dir.Combine("user_artists.dat");
        File.WriteAllText(events, TasteGroups());

        var (code, output, error) = CliHarness.Invoke(
            "bench", "quality", "--input", events, "--grid", "--values", "play_count", "--factors", "2", "--iterations", "2", "--threads", "1");

        Assert.Equal((0, ""), (code, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(18, lines.Count(l => l.StartsWith("als play_count", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.StartsWith("top_popular", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("best (NDCG@10): als play_count", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(18, json.RootElement.GetProperty("als").GetArrayLength());
    }

    [Fact]
    public void BenchQualityRejectsTwoValueModesWithoutGrid()
    {
        using var dir = new TempDirectory();
        var events = dir.Combine("a.csv");
        File.WriteAllText(events, "1,2\n");
        var (code, _, error) = CliHarness.Invoke("bench", "quality", "--input", events, "--values", "plays,bm25");
        Assert.Equal(1, code);
        Assert.Contains("--values", error, StringComparison.Ordinal);
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
}
