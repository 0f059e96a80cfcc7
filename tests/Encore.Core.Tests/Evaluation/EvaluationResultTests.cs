using System.Text.Json;
using Encore.Core.Data.Interactions;
using Encore.Core.Evaluation;
using Encore.Core.Evaluation.Protocols;

namespace Encore.Core.Tests.Evaluation;

public sealed class EvaluationResultTests
{
    private static EvaluationResult Sample()
    {
        var result = new EvaluationResult("standard", [10, 5]);
        result.Add(new ModelScores("als", [
            new MetricValue("users", 1342056, MetricKind.Count),
            new MetricValue("precision@5", 0.0012399999999999998),
            new MetricValue("f1@5", double.NaN),
        ]));
        result.Add(new ModelScores("top|pop", [new MetricValue("precision@5", 0.25)]));
        return result;
    }

    [Fact]
    public void JsonHasProtocolSortedKAndModelsWithValuesInOrder()
    {
        var json = EvaluationResultJson.ToJson(Sample());

        Assert.Equal(
            """
            {
              "protocol": "standard",
              "k": [
                5,
                10
              ],
              "models": {
                "als": {
                  "users": 1342056,
                  "precision@5": 0.0012399999999999998,
                  "f1@5": null
                },
                "top|pop": {
                  "precision@5": 0.25
                }
              }
            }

            """.ReplaceLineEndings("\n"),
            json);
    }

    [Fact]
    public void JsonReadsBackWithNaNAsNull()
    {
        using var document = JsonDocument.Parse(EvaluationResultJson.ToJson(Sample()));
        var als = document.RootElement.GetProperty("models").GetProperty("als");

        Assert.Equal(JsonValueKind.Null, als.GetProperty("f1@5").ValueKind);
        Assert.Equal(0.0012399999999999998, als.GetProperty("precision@5").GetDouble());
    }

    [Fact]
    public void MarkdownPrintsNaNAndADashForAMissingValue()
    {
        var markdown = EvaluationResultMarkdown.ToMarkdown(Sample());

        Assert.Equal(
            """
            Protocol: standard; k = 5, 10

            | metric | als | top\|pop |
            |---|---:|---:|
            | users | 1,342,056 | – |
            | precision@5 | 0.001240 | 0.250000 |
            | f1@5 | NaN | – |

            """.ReplaceLineEndings("\n"),
            markdown);
    }

    [Fact]
    public void AModelCannotBeAddedTwice()
    {
        var result = Sample();

        Assert.Throws<ArgumentException>(() => result.Add(new ModelScores("als", [])));
    }

    [Fact]
    public void EvaluatorRunsTheProtocolOverEveryModelIntoOneResult()
    {
        var protocol = new SeedProtocol(ProtocolFixture.Data, [2]);

        var result = Evaluator.Evaluate(protocol, [
            new("model", ProtocolFixture.Model),
            new("empty", UserLists.Empty),
        ], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("seed", result.Protocol);
        Assert.Equal(["model", "empty"], result.Models.Select(m => m.Model));
        Assert.Equal(0, result["empty"]["users"]);
        Assert.True(double.IsNaN(result["empty"]["precision@2"]));
        using var document = JsonDocument.Parse(EvaluationResultJson.ToJson(result));
        Assert.Equal(JsonValueKind.Null,
            document.RootElement.GetProperty("models").GetProperty("empty").GetProperty("precision@2").ValueKind);
    }

    [Fact]
    public void TheSameResultWritesByteIdenticalFiles()
    {
        using var dir = new TempDirectory();
        var first = dir.Combine("a.json");
        var second = dir.Combine("b.json");

        EvaluationResultJson.WriteFile(Sample(), first);
        EvaluationResultJson.WriteFile(Sample(), second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }
}
