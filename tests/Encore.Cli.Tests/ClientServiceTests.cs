using System.Text.RegularExpressions;
using Encore.Core.Artifacts;
using Encore.Core.Data.Interactions;

namespace Encore.Cli.Tests;

/// <summary><c>encore client</c> against the service that <c>encore demo</c> serves, checked against the artifacts.</summary>
public sealed partial class ClientServiceTests(DemoService service) : IClassFixture<DemoService>
{
    [Fact]
    public void PopularPrintsTheTopKAndAppendsTheLineToTheLog()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("client.log");

        var (code, output, error) = CliHarness.Invoke("client", "--url", service.Url, "--log", log, "--k", "5");

        Assert.True(code == 0, error);
        var expected = ArtifactReader.ReadTopPopular(Artifact(ArtifactFiles.TopPopular)).Take(5).Select(i => (long)i);
        Assert.Equal(expected, Ids(output, "top-5 popular tracks: "));
        Assert.EndsWith($" INFO encore client: {output.TrimEnd()}", File.ReadAllText(log).TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void OfflineForAUserWithPersonalRecommendationsPrintsTheirFirstK()
    {
        var lists = PersonalLists();
        var user = lists.Users[0];

        var (code, output, error) = Client("--offline", "--user-id", $"{user}", "--k", "7");

        Assert.True(code == 0, error);
        Assert.Equal(lists.Items(0)[..7].ToArray().Select(i => (long)i), Ids(output, $"7 offline recommendations for user_id={user}: "));
    }

    [Fact]
    public void OfflineForAnUnknownUserFallsBackToPopular()
    {
        var (code, output, error) = Client("--offline", "--user-id", "987654321", "--k", "4");

        Assert.True(code == 0, error);
        var popular = ArtifactReader.ReadTopPopular(Artifact(ArtifactFiles.TopPopular)).Take(4).Select(i => (long)i);
        Assert.Equal(popular, Ids(output, "4 offline recommendations for user_id=987654321: "));
    }

    [Fact]
    public void AddedListensComeBackNewestFirstAndFeedOnlineAndBlended()
    {
        var lists = PersonalLists();
        var user = lists.Users[1];
        var played = lists.Items(1)[..3].ToArray();
        foreach (var item in played)
        {
            var (added, output, error) = Client("--add-online", "--user-id", $"{user}", "--item-id", $"{item}");
            Assert.True(added == 0, error);
            Assert.Equal($"Successfully added item_id={item} to user_id={user} online history", output.TrimEnd());
        }

        var events = Ids(Client("--events", "--user-id", $"{user}").Output, $"latest 3 listens of user_id={user}: ");
        Assert.Equal(played.Reverse().Select(i => (long)i), events);

        var online = Ids(Client("--online", "--user-id", $"{user}", "--k", "6").Output, $"6 online recommendations for user_id={user}: ");
        Assert.NotEmpty(online);
        Assert.DoesNotContain(online, id => played.Contains((int)id));

        var offline = Ids(Client("--offline", "--user-id", $"{user}", "--k", "6").Output, $"6 offline recommendations for user_id={user}: ");
        Assert.DoesNotContain(offline, id => played.Contains((int)id));

        var blended = Ids(Client("--blended", "--user-id", $"{user}", "--k", "6").Output, $"6 blended recommendations for user_id={user}: ");
        Assert.Equal(6, blended.Count);
        Assert.Equal(offline[0], blended[0]);
        Assert.Equal(blended.Count, blended.Distinct().Count());
        Assert.All(blended, id => Assert.True(offline.Contains(id) || online.Contains(id), $"{id} is neither offline nor online"));
    }

    [Fact]
    public void ABadKIsOneLineWithTheServicesReasonAndExitOne()
    {
        var (code, output, error) = Client("--offline", "--user-id", "1", "--k", "0");

        Assert.Equal(CommandRunner.UserError, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: POST {service.Url}/recommendations_offline?user_id=1&k=0: HTTP 400 Bad Request: ", error, StringComparison.Ordinal);
        Assert.Contains("'k'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenarioPrintsEveryStepWithTrackNamesAndArtists()
    {
        var user = PersonalLists().Users[2];

        var (code, output, error) = Client("scenario", "--user-id", $"{user}", "--k", "3");

        Assert.True(code == 0, error);
        string[] steps =
        [
            "1/5 top-3 popular tracks: ", $"2/5 3 offline recommendations for user_id={user}: ", $"3/5 adding 3 listens for user_id={user}: ",
            $"4/5 3 online recommendations for user_id={user}: ", $"5/5 3 blended recommendations for user_id={user}: ",
        ];
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var positions = steps.Select(step => lines.FindIndex(l => l.StartsWith(step, StringComparison.Ordinal))).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(12, lines.Count(l => TrackLine().IsMatch(l)));
        Assert.Equal(3, lines.Count(l => l.Contains("Successfully added item_id=", StringComparison.Ordinal)));
        Assert.DoesNotContain("(no name)", output, StringComparison.Ordinal);
    }

    /// <summary>"  1. 123456  Name — Artist": rank, id, a name and at least one artist.</summary>
    [GeneratedRegex(@"^ +\d+\. +\d+  \S.* — \S.*$")]
    private static partial Regex TrackLine();

    private (int Code, string Output, string Error) Client(params string[] arguments) =>
        CliHarness.Invoke(["client", "--url", service.Url, "--no-log", .. arguments]);

    private string Artifact(string file) => Path.Combine(service.Root, "artifacts", file);

    /// <summary>The lists the service serves as offline recommendations: the ranker's when there, else ALS's.</summary>
    private UserLists PersonalLists()
    {
        var ranked = Artifact(ArtifactFiles.Recommendations);
        return ArtifactReader.ReadRecommendations(File.Exists(ranked) ? ranked : Artifact(ArtifactFiles.PersonalAls));
    }

    private static List<long> Ids(string output, string prefix)
    {
        var line = output.TrimEnd();
        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        var list = line[prefix.Length..].Trim('[', ']');
        return list.Length == 0 ? [] : [.. list.Split(", ").Select(long.Parse)];
    }
}
