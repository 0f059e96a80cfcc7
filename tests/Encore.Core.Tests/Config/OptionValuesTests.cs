using System.Text.Json;
using Encore.Core.Config;
using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;
using Encore.Core.Models.Similar;
using Encore.Core.Ranking.LightGbm;
using Encore.Core.Training;

namespace Encore.Core.Tests.Config;

/// <summary>Every option enum has one spelling: the member name in snake_case, read and written the same everywhere.</summary>
public sealed class OptionValuesTests
{
    public static TheoryData<Type> OptionEnums =>
    [
        typeof(AlsConfidence), typeof(AlsSolverKind), typeof(AlsRetrieval), typeof(InteractionValues), typeof(SimilarityKind),
        typeof(SimilarSearch), typeof(SimilarMerge), typeof(RankerObjective),
    ];

    [Theory]
    [MemberData(nameof(OptionEnums))]
    public void EveryMemberRoundTripsThroughItsSpellingAndTheJsonConverter(Type type)
    {
        foreach (var value in Enum.GetValues(type))
        {
            var name = OptionValues.Name(type, value);
            Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()!), name);
            Assert.True(OptionValues.TryParse(type, name, out var parsed));
            Assert.Equal(value, parsed);
            var json = JsonSerializer.Serialize(value, type, ConfigJson.Options);
            Assert.Equal($"\"{name}\"", json);
            Assert.Equal(value, JsonSerializer.Deserialize(json, type, ConfigJson.Options));
        }
    }

    [Fact]
    public void TheSpellingsAreEncoreJsons()
    {
        Assert.Equal(["alpha_times_value", "one_plus_alpha_times_value"], OptionValues.Names<AlsConfidence>());
        Assert.Equal(["binary", "play_count", "bm25"], OptionValues.Names<InteractionValues>());
        Assert.Equal(["binary", "lambda_rank"], OptionValues.Names<RankerObjective>());
        Assert.Equal(["conjugate_gradient", "cholesky"], OptionValues.Names<AlsSolverKind>());
    }

    [Theory]
    [InlineData("plays")]
    [InlineData("PlayCount")]
    [InlineData("1")]
    [InlineData("")]
    public void AnythingElseIsRefusedNamingTheParameterAndTheSpellings(string text)
    {
        var error = Assert.Throws<EncoreException>(() => OptionValues.Parse<InteractionValues>(text, "--values"));
        Assert.Equal($"--values: '{text}' is not one of binary, play_count or bm25.", error.Message);
    }

    [Fact]
    public void ANumberInJsonIsRefused() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RankerObjective>("1", ConfigJson.Options));
}
