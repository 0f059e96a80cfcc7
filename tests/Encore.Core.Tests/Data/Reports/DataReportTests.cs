using Encore.Core.Data;
using Encore.Core.Data.Reports;

namespace Encore.Core.Tests.Data.Reports;

public sealed class DataReportTests
{
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly PrepareSummary s_summary = new(
        [new StepCount("raw tracks", 1_000_000), new StepCount("tracks kept", 980_977), new StepCount("listens after subsample", 74_514_648)],
        [new DropCount("tracks with an empty list", 19_023, 1_000_000), new DropCount("unknown genre ids", 48_345)],
        new SplitSummary(new DateOnly(2022, 12, 16), 600, 200, 30, 10, 4),
        3);

    private static readonly DataProfile s_profile = new(
        Users: 1_234_567, Items: 2_000, PlayedItems: 1_500, NeverPlayedItems: 500, Events: 3_000_000, Genres: 3,
        PlaysPerTrack: new CountDistribution(1_500, 1, 3, 7, 24, 90.5, 812.25, 41_366, 77.68, 472.8),
        ListensPerUser: new CountDistribution(1_234_567, 1, 2, 5, 11, 30, 250, 9_000, 2.43, 11.1),
        PlaysPerTrackFrequencies: [new(1, 700), new(7, 600), new(41_366, 200)],
        ListensPerUserFrequencies: [new(1, 1_000_000), new(5, 200_000), new(9_000, 34_567)],
        Months: [new(new DateOnly(2022, 11, 1), 2_000_000, 1_000_000), new(new DateOnly(2022, 12, 1), 1_000_000, 600_000)],
        TopTracks:
        [
            new TopTrack(1, 53404, "Smells Like Teen Spirit", ["Nirvana"], 40_905, 40_900),
            new TopTrack(2, 7, "Pipe | Dream", [], 30_000, 29_000),
            new TopTrack(3, 8, "", ["Кино"], 20_000, 20_000),
        ],
        TopGenresByPlays: [new TopGenre(1, 0, "pop", 1_500_000, 900), new TopGenre(2, 20, "rusrap", 700_000, 400)],
        TopGenresByItems: [new TopGenre(1, 0, "pop", 1_500_000, 900), new TopGenre(2, 11, "electronics", 10, 450)]);

    [Fact]
    public void MarkdownHasTheNumbersAndNamesOfProfileAndSummary()
    {
        using var dir = new TempDirectory();

        DataReport.Write(s_profile, s_summary, dir.Path);

        var md = File.ReadAllText(dir.Combine(FileNames.DataReport));
        Assert.StartsWith("# ", md, StringComparison.Ordinal);
        Assert.Contains("| tracks kept | 980,977 |", md, StringComparison.Ordinal);
        Assert.Contains("| tracks with an empty list | 19,023 | 1.90% |", md, StringComparison.Ordinal);
        Assert.Contains("| unknown genre ids | 48,345 | — |", md, StringComparison.Ordinal);
        Assert.Contains("| Users | 1,234,567 |", md, StringComparison.Ordinal);
        Assert.Contains("| Tracks never played | 500 | 25.00% |", md, StringComparison.Ordinal);
        Assert.Contains("| Median | 7 | 7 | 5 |", md, StringComparison.Ordinal);
        Assert.Contains("| 90% | 90.5 | — | 30 |", md, StringComparison.Ordinal);
        Assert.Contains("| Mean | 77.68 | 77.68 | 2.43 |", md, StringComparison.Ordinal);
        Assert.Contains("| November 2022 | 2,000,000 | 1,000,000 |", md, StringComparison.Ordinal);
        Assert.Contains("| Train (before 2022-12-16) | 600 | 75.00% | 30 | 88.24% |", md, StringComparison.Ordinal);
        Assert.Contains("| Cold users (test only) | — | — | 4 | 40.00% of test |", md, StringComparison.Ordinal);
        Assert.Contains("| 1 | Smells Like Teen Spirit | Nirvana | 40,905 | 40,900 |", md, StringComparison.Ordinal);
        Assert.Contains("| 3 | Untitled #8 | Кино | 20,000 | 20,000 |", md, StringComparison.Ordinal);
        Assert.Contains("| 2 | rusrap | 700,000 | 23.33% | 400 | 20.00% |", md, StringComparison.Ordinal);
        Assert.Contains("| 2 | electronics | 450 | 22.50% | 10 | 0.00% |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesAreEscapedSoTheyCannotBreakTheTables()
    {
        using var dir = new TempDirectory();

        DataReport.Write(s_profile, s_summary, dir.Path);

        Assert.Contains("| 2 | Pipe \\| Dream | — | 30,000 |", File.ReadAllText(dir.Combine(FileNames.DataReport)), StringComparison.Ordinal);
    }

    [Fact]
    public void WritesAllFiveChartsAsPngsLinkedFromTheMarkdown()
    {
        using var dir = new TempDirectory();

        DataReport.Write(s_profile, s_summary, dir.Path);

        var md = File.ReadAllText(dir.Combine(FileNames.DataReport));
        Assert.Equal(5, DataReport.ChartFiles.Count);
        foreach (var chart in DataReport.ChartFiles)
        {
            Assert.Contains($"]({chart})", md, StringComparison.Ordinal);
            AssertIsPng(dir.Combine(chart));
        }

        Assert.Equal(6, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void SeveralYearsOfMonthsStillGiveAllCharts()
    {
        using var dir = new TempDirectory();
        var months = Enumerable.Range(0, 87).Select(i => new MonthlyActivity(new DateOnly(2015, 1, 1).AddMonths(i), i * 10L, i)).ToList();

        DataReport.Write(s_profile with { Months = months }, s_summary, dir.Path);

        Assert.Contains("| March 2022 | 860 | 86 |", File.ReadAllText(dir.Combine(FileNames.DataReport)), StringComparison.Ordinal);
        AssertIsPng(dir.Combine(DataReport.ListensPerMonthChart));
    }

    [Fact]
    public void SameInputGivesByteIdenticalFiles()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        DataReport.Write(s_profile, s_summary, first.Path);
        DataReport.Write(s_profile, s_summary, second.Path);

        foreach (var file in Directory.GetFiles(first.Path))
        {
            var name = Path.GetFileName(file);
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(second.Combine(name))), $"{name} differs");
        }
    }

    [Fact]
    public void ReportOfTheProfiledFixtureNamesItsTracksAndGenres()
    {
        using var data = new TempDirectory();
        using var report = new TempDirectory();
        ProfileFixture.Write(data.Path);
        var profile = DataProfiler.Compute(data.Path, TestContext.Current.CancellationToken);

        DataReport.Write(profile, s_summary, report.Path);

        var md = File.ReadAllText(report.Combine(FileNames.DataReport));
        Assert.Contains("| 1 | Beta | Bob, Cid | 4 | 3 |", md, StringComparison.Ordinal);
        Assert.Contains("| 1 | pop | 7 | 77.78% | 3 | 60.00% |", md, StringComparison.Ordinal);
        Assert.Contains("| February 2022 | 0 | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| Tracks never played | 1 | 20.00% |", md, StringComparison.Ordinal);
        foreach (var chart in DataReport.ChartFiles)
        {
            AssertIsPng(report.Combine(chart));
        }
    }

    [Fact]
    public void EmptyEventsStillGiveAFullReportWithoutNaN()
    {
        using var data = new TempDirectory();
        using var report = new TempDirectory();
        ProfileFixture.Write(data.Path, events: ProfileFixture.NoEvents);
        var profile = DataProfiler.Compute(data.Path, TestContext.Current.CancellationToken);
        var summary = new PrepareSummary([new StepCount("raw listens", 0)], [], new SplitSummary(new DateOnly(2022, 12, 16), 0, 0, 0, 0, 0), 1);

        DataReport.Write(profile, summary, report.Path);

        var md = File.ReadAllText(report.Combine(FileNames.DataReport));
        Assert.DoesNotContain("NaN", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("∞", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", md, StringComparison.Ordinal);
        Assert.Contains("| Users | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| Train (before 2022-12-16) | 0 | — | 0 | — |", md, StringComparison.Ordinal);
        Assert.Contains("Every listening event was kept", md, StringComparison.Ordinal);
        foreach (var chart in DataReport.ChartFiles)
        {
            AssertIsPng(report.Combine(chart));
        }
    }

    [Fact]
    public void UnwritableDirectoryIsAnErrorNamingIt()
    {
        using var dir = new TempDirectory();
        var blocker = dir.Combine("file");
        File.WriteAllText(blocker, "");
        var target = Path.Combine(blocker, "report");

        var error = Assert.Throws<EncoreException>(() => DataReport.Write(s_profile, s_summary, target));

        Assert.Contains(target, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrackLabelJoinsNameAndArtistsWithADash()
    {
        Assert.Equal("Smells Like Teen Spirit — Nirvana", DataReport.TrackLabel(s_profile.TopTracks[0]));
        Assert.Equal("Pipe | Dream", DataReport.TrackLabel(s_profile.TopTracks[1]));
        Assert.Equal("Untitled #8 — Кино", DataReport.TrackLabel(s_profile.TopTracks[2]));
    }

    private static void AssertIsPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().StartsWith(s_pngSignature), $"{path} is not a PNG");
        // A blank 1000x600 PNG compresses to about 3 KB; a chart with text and data is well over 10 KB.
        Assert.True(bytes.Length > 10_000, $"{path} has only {bytes.Length} bytes");
    }
}
