using System.Text.Json;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Evaluation.Replay.Strategies;
using Encore.Core.Serving;

namespace Encore.Core.Tests.Evaluation.Replay;

public sealed class ReplayResultJsonTests
{
    private static ReplayResult Result()
    {
        var set = ReplayFixture.Set();
        return ReplayEvaluation.Evaluate(
            ReplayFixture.Test, ReplayFixture.Train, set, [new OfflineStrategy(new ServingRecommender(set, new RecommendationOptions()))],
            ReplayFixture.Options(), cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public void TheReplaySectionIsAddedAndOtherSectionsAreKept()
    {
        const string existing = "{\n  \"protocol\": \"standard\",\n  \"k\": [10],\n  \"models\": {\"als\": {\"ndcg@10\": 0.0123456789}}\n}\n";

        var merged = Merge(existing);

        var root = JsonDocument.Parse(merged).RootElement;
        Assert.Equal(["protocol", "k", "models", "replay"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0.0123456789", root.GetProperty("models").GetProperty("als").GetProperty("ndcg@10").GetRawText());
        var offline = root.GetProperty("replay").GetProperty("strategies").GetProperty("offline");
        Assert.Equal(0.75, offline.GetProperty("hit_rate@2").GetDouble());
        var curve = offline.GetProperty("by_checkpoint").GetProperty("recall@2");
        Assert.Equal(21, curve.GetArrayLength());
        Assert.Equal(0.75, curve[1].GetDouble());
        Assert.Equal(JsonValueKind.Null, curve[3].ValueKind);
        Assert.Equal(6, root.GetProperty("replay").GetProperty("cases").GetInt32());
        // A second replay replaces the section in place.
        Assert.Equal(merged, Merge(merged));
    }

    [Fact]
    public void WithoutAMetricsFileTheSectionStandsAlone()
    {
        var root = JsonDocument.Parse(Merge(null)).RootElement;

        Assert.Equal(["replay"], root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void AMetricsFileThatIsNotAnObjectIsAnErrorNamingIt()
    {
        var error = Assert.Throws<EncoreException>(() => Merge("[1, 2]"));

        Assert.Contains("metrics.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("metrics.json", Assert.Throws<EncoreException>(() => Merge("{ nope")).Message, StringComparison.Ordinal);
    }

    private static string Merge(string? existing) => ReplayResultJson.Merge(existing, Result());
}
