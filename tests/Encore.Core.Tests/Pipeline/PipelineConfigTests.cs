using System.Text.Json;
using Encore.Core.Data;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Models.Als;
using Encore.Core.Pipeline;
using Encore.Core.Training;

namespace Encore.Core.Tests.Pipeline;

public sealed class PipelineConfigTests
{
    private static PipelineConfig LoadText(TempDirectory dir, string json, params string[] settings)
    {
        var path = dir.Combine("encore.json");
        File.WriteAllText(path, json);
        return PipelineConfig.Load(path, settings);
    }

    private static EncoreException LoadFails(string json, params string[] settings)
    {
        using var dir = new TempDirectory();
        return Assert.Throws<EncoreException>(() => LoadText(dir, json, settings));
    }

    [Fact]
    public void DefaultsAreThoseOfEachStepsOptions()
    {
        var config = PipelineConfig.Default;

        Assert.Equal(new PrepareOptions(), config.Prepare);
        Assert.Equal(new TrainOptions(), config.Train);
        var evaluate = Assert.Single(config.Evaluate);
        Assert.Equal(EvaluateOptions.StandardProtocolName, evaluate.Protocol);
        Assert.Equal(new EvaluateOptions().K, evaluate.K);
        Assert.Equal(new EvaluateOptions().HistoryLength, evaluate.HistoryLength);
    }

    [Fact]
    public void ANestedKeyKeepsTheOtherDefaultsOfItsSection()
    {
        using var dir = new TempDirectory();
        var config = LoadText(dir, """{ "train": { "als": { "factors": 8 } } }""");

        // The seed's 50 iterations and λ = 0.05, not AlsOptions' own 15 and 0.01.
        Assert.Equal(TrainOptions.SeedAls with { Factors = 8 }, config.Train.Als);
        Assert.Equal(new PrepareOptions(), config.Prepare);
    }

    [Fact]
    public void CommentsAndTrailingCommasAreAccepted()
    {
        using var dir = new TempDirectory();
        var config = LoadText(dir, """
            // a comment
            {
              "prepare": { "subsample_step": 1, /* inline */ },
              "train": { "values": "bm25", "similar": "genre", },
            }
            """);

        Assert.Equal(1, config.Prepare.SubsampleStep);
        Assert.Equal(InteractionValues.Bm25, config.Train.Values);
        Assert.Equal(SimilarityKind.Genre, config.Train.Similar);
    }

    [Fact]
    public void SettingsOverrideTheFile()
    {
        using var dir = new TempDirectory();
        var config = LoadText(
            dir,
            """{ "train": { "als": { "factors": 8 } }, "prepare": { "split_date": "2022-11-01" } }""",
            "train.als.factors=16",
            "prepare.split_date=2022-12-01",
            "evaluate.protocols=[\"seed\",\"standard\"]",
            "train.als.confidence=one_plus_alpha_times_value");

        Assert.Equal(16, config.Train.Als.Factors);
        Assert.Equal(AlsConfidence.OnePlusAlphaTimesValue, config.Train.Als.Confidence);
        Assert.Equal(new DateOnly(2022, 12, 1), config.Prepare.SplitDate);
        Assert.Equal(["seed", "standard"], config.Evaluate.Select(e => e.Protocol));
    }

    [Fact]
    public void AnUnknownKeyIsNamedWithItsPathAndFile()
    {
        var error = LoadFails("""{ "train": { "als": { "factorz": 8 } } }""");

        Assert.Contains("encore.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key 'train.als.factorz'", error.Message, StringComparison.Ordinal);
        Assert.Contains("factors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSectionIsNamed()
    {
        var error = LoadFails("""{ "trian": {} }""");

        Assert.Contains("unknown key 'trian'", error.Message, StringComparison.Ordinal);
        Assert.Contains("prepare, train, ranker, evaluate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "train": { "als": { "factors": "eight" } } }""", "'train.als.factors' must be a number, not \"eight\"")]
    [InlineData("""{ "train": { "als": 8 } }""", "'train.als' must be an object, not 8")]
    [InlineData("""{ "prepare": { "write_report": "yes" } }""", "'prepare.write_report' must be true or false")]
    [InlineData("""{ "train": { "als": { "factors": 8.5 } } }""", "'train.als.factors' must be a whole number, not 8.5")]
    [InlineData("""{ "train": { "values": "plays" } }""", "'train.values' must be one of binary, play_count, bm25, not \"plays\"")]
    [InlineData("""{ "prepare": { "split_date": "16.12.2022" } }""", "'prepare.split_date' must be a date in the form yyyy-MM-dd")]
    [InlineData("""{ "prepare": { "threads": "two" } }""", "'prepare.threads' must be a whole number, not \"two\"")]
    [InlineData("""{ "evaluate": { "k": [5, "ten"] } }""", "'evaluate.k[1]' must be a whole number, not \"ten\"")]
    [InlineData("""{ "evaluate": { "protocols": ["standard", "mine"] } }""", "'evaluate.protocols' must list distinct protocols")]
    public void AWrongTypeIsNamedWithItsPath(string json, string expected)
    {
        var error = LoadFails(json);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.GetTempPath(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutOfRangeValueNamesTheSettingThatGaveIt()
    {
        var error = LoadFails("{}", "train.als.factors=0");

        Assert.Equal("--set train.als.factors=0: ALS parameter 'factors' must be in [1, 4096], got 0.", error.Message);
    }

    [Fact]
    public void ASettingWithoutAnEqualsSignIsRefused()
    {
        var error = LoadFails("{}", "train.als.factors");

        Assert.Contains("--set: 'train.als.factors' is not key=value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJsonNamesTheFileAndLine()
    {
        var error = LoadFails("{\n  \"train\": {\n    \"als\": { factors: 8 }\n  }\n}");

        Assert.Contains("not valid JSON (line 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePrintedConfigurationReadsBackToItself()
    {
        using var dir = new TempDirectory();
        var changed = PipelineConfig.Load(null, ["train.als.factors=8", "evaluate.models=[\"als\"]", "prepare.memory_limit=2GB"]);

        var again = LoadText(dir, changed.ToJson());

        Assert.Equal(changed.ToJson(), again.ToJson());
        Assert.Equal(changed.Train, again.Train);
        Assert.Equal(changed.Prepare, again.Prepare);
    }

    [Fact]
    public void TheShippedExampleHoldsEveryParameterAtItsDefault()
    {
        var example = Path.Combine(Repository.Root, "docs", "encore.json");

        var config = PipelineConfig.Load(example);

        Assert.Equal(PipelineConfig.Default.ToJson(), config.ToJson());
        // Every key of the defaults is written out in the example, not only those that differ.
        using var document = JsonDocument.Parse(File.ReadAllText(example), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var defaults = JsonDocument.Parse(PipelineConfig.Default.ToJson());
        Assert.Equal(Keys(defaults.RootElement), Keys(document.RootElement));
    }

    private static List<string> Keys(JsonElement element, string prefix = "")
    {
        var keys = new List<string>();
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                keys.Add(prefix + property.Name);
                keys.AddRange(Keys(property.Value, $"{prefix}{property.Name}."));
            }
        }

        return keys;
    }
}
