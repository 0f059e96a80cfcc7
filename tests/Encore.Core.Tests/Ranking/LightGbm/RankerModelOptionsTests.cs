using Encore.Core.Ranking.LightGbm;

namespace Encore.Core.Tests.Ranking.LightGbm;

public sealed class RankerModelOptionsTests
{
    public static TheoryData<RankerModelOptions, string> Invalid => new()
    {
        { new RankerModelOptions { Trees = 0 }, "ranker.trees must be ≥ 1 (got 0)" },
        { new RankerModelOptions { Leaves = 1 }, "ranker.leaves" },
        { new RankerModelOptions { LearningRate = 0 }, "ranker.learning_rate" },
        { new RankerModelOptions { LearningRate = double.NaN }, "ranker.learning_rate" },
        { new RankerModelOptions { LearningRate = 1.5 }, "ranker.learning_rate" },
        { new RankerModelOptions { MinRowsPerLeaf = 0 }, "ranker.min_rows_per_leaf" },
        { new RankerModelOptions { Threads = -1 }, "ranker.threads" },
        { new RankerModelOptions { Objective = (RankerObjective)7 }, "ranker.objective" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void ValidateNamesTheParameterOutOfRange(RankerModelOptions options, string expected)
    {
        var error = Assert.Throws<EncoreException>(options.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultsAreValid() => new RankerModelOptions().Validate();
}
