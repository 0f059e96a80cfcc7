using Encore.Core.Artifacts;
using Encore.Core.Config;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Tests.Config;

/// <summary>A manifest.json written before the one vocabulary reads as today's, and is written back only in today's words.</summary>
public sealed class LegacySpellingsTests
{
    // The parameters as the previous version wrote them (its train and ranker), apart from the values that mark it old.
    private const string PreviousManifest = """
        {
          "format_version": 1,
          "created_utc": "2026-12-01T10:00:00Z",
          "data": { "directory": "/data", "split_date": "2022-12-16", "inputs": [] },
          "parameters": {
            "factors": 50,
            "regularization": 0.05,
            "confidence": "1+alpha",
            "values": "plays",
            "solver": "ConjugateGradient",
            "similar": "als",
            "similar_search": "auto",
            "recs": 50,
            "filter_already_heard": true,
            "ranker_objective": "LambdaRank",
            "ranker_trees": 200
          },
          "artifacts": [],
          "timings_s": {}
        }
        """;

    private static readonly Dictionary<string, Type> s_enumOf = new(StringComparer.Ordinal)
    {
        ["confidence"] = typeof(AlsConfidence),
        ["values"] = typeof(InteractionValues),
        ["solver"] = typeof(AlsSolverKind),
        ["ranker_objective"] = typeof(RankerObjective),
    };

    [Fact]
    public void APreviousManifestReadsInTodaysKeysAndValues()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("manifest.json");
        File.WriteAllText(path, PreviousManifest);

        var manifest = Manifest.Read(path);

        Assert.Equal("one_plus_alpha_times_value", manifest.Parameter("confidence"));
        Assert.Equal(InteractionValues.PlayCount, OptionValues.Parse<InteractionValues>((string?)manifest.Parameter("values"), "values"));
        Assert.Equal("conjugate_gradient", manifest.Parameter("solver"));
        Assert.Equal("lambda_rank", manifest.Parameter("ranker_objective"));
        Assert.Equal(50L, manifest.Parameter("recommendations"));
        Assert.Null(manifest.Parameter("recs"));
        Assert.Equal(0.05, manifest.Parameter("regularization"));
        Assert.Equal(true, manifest.Parameter("filter_already_heard"));
    }

    [Fact]
    public void APreviousManifestIsWrittenBackOnlyInTodaysWords()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("manifest.json");
        File.WriteAllText(path, PreviousManifest);

        Manifest.Read(path).Write(dir.Combine("again.json"));

        var again = File.ReadAllText(dir.Combine("again.json"));
        foreach (var (key, old, _) in LegacySpellings.Values)
        {
            Assert.DoesNotContain($"\"{key}\": \"{old}\"", again, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\"recs\"", again, StringComparison.Ordinal);
        Assert.Contains("\"recommendations\": 50", again, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOldValueMapsToASpellingOfItsOption()
    {
        Assert.NotEmpty(LegacySpellings.Values);
        foreach (var (key, old, now) in LegacySpellings.Values)
        {
            var names = OptionValues.Names(s_enumOf[key]);
            Assert.Contains(now, names);
            Assert.DoesNotContain(old, names);
        }
    }

    [Fact]
    public void TodaysValuesAndOtherTypesPassThroughUnchanged()
    {
        Assert.Equal("play_count", LegacySpellings.Value("values", "play_count"));
        Assert.Equal("binary", LegacySpellings.Value("values", "binary"));
        Assert.Equal(50L, LegacySpellings.Value("recommendations", 50L));
        Assert.Equal("factors", LegacySpellings.Key("factors"));
        Assert.Equal("recommendations", LegacySpellings.Key("recs"));
    }
}
