using Encore.Core.Models;

namespace Encore.Core.Tests.Models.Contract;

/// <summary>
/// What every <see cref="IRecommender"/> promises, run against each model by a subclass (checked by
/// <see cref="EveryRecommenderHasAContractSuite"/>), on the <see cref="RecommenderFixture"/> catalogue.
/// </summary>
/// <typeparam name="TModel">The model under test.</typeparam>
public abstract class RecommenderContractTests<TModel>
    where TModel : IRecommender
{
    private const int K = 8;

    /// <summary>The model fitted on <see cref="RecommenderFixture"/> with <paramref name="seed"/> (when it draws at random).</summary>
    protected abstract TModel Create(int seed);

    private static int[] Heard(int user) =>
        user < RecommenderFixture.Users ? RecommenderFixture.Plays.RowIndices(user).ToArray() : [];

    private static (int[] Items, float[] Scores) Recommend(IRecommender model, int user, int k, bool excludeHeard = true)
    {
        var items = new int[k];
        var scores = new float[k];
        var count = model.Recommend(user, excludeHeard ? Heard(user) : [], items, scores);
        Assert.InRange(count, 0, k);
        return (items[..count], scores[..count]);
    }

    [Fact]
    public void TheSameSeedGivesTheSameLists()
    {
        var first = Create(seed: 5);
        var second = Create(seed: 5);
        for (var user = 0; user < RecommenderFixture.Users; user++)
        {
            var a = Recommend(first, user, K);
            var b = Recommend(second, user, K);
            Assert.Equal(a.Items, b.Items);
            Assert.Equal(a.Scores, b.Scores);
        }
    }

    [Fact]
    public void ConcurrentCallsGiveTheListsOfSerialCalls()
    {
        var model = Create(seed: 5);
        var serial = Enumerable.Range(0, RecommenderFixture.Users).Select(user => Recommend(model, user, K)).ToArray();
        var parallel = new (int[] Items, float[] Scores)[serial.Length];
        Parallel.For(0, serial.Length, user => parallel[user] = Recommend(model, user, K));

        for (var user = 0; user < serial.Length; user++)
        {
            Assert.Equal(serial[user].Items, parallel[user].Items);
            Assert.Equal(serial[user].Scores, parallel[user].Scores);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(K)]
    public void NoMoreThanKItemsAreWrittenAndNothingPastThem(int k)
    {
        var model = Create(seed: 5);
        var anyFull = false;
        for (var user = 0; user < RecommenderFixture.Users; user++)
        {
            var items = Enumerable.Repeat(-1, k + 4).ToArray();
            var scores = Enumerable.Repeat(float.NaN, k + 4).ToArray();
            var count = model.Recommend(user, Heard(user), items.AsSpan(0, k), scores.AsSpan(0, k));

            Assert.InRange(count, 0, k);
            Assert.All(items[k..], item => Assert.Equal(-1, item));
            Assert.All(scores[k..], score => Assert.True(float.IsNaN(score)));
            Assert.All(items[..count], item => Assert.InRange(item, 0, RecommenderFixture.Items - 1));
            anyFull |= count == k;
        }

        Assert.True(anyFull, $"No user got {k} items: the fixture gives every model enough to fill a list.");
    }

    [Fact]
    public void ExcludedItemsNeverComeBack()
    {
        var model = Create(seed: 5);
        for (var user = 0; user < RecommenderFixture.Users; user++)
        {
            var heard = Heard(user);
            Assert.All(Recommend(model, user, RecommenderFixture.Items).Items, item => Assert.DoesNotContain(item, heard));
        }
    }

    [Fact]
    public void AListHasNoDuplicates()
    {
        var model = Create(seed: 5);
        for (var user = 0; user < RecommenderFixture.Users; user++)
        {
            var items = Recommend(model, user, RecommenderFixture.Items, excludeHeard: false).Items;
            Assert.Equal(items.Length, items.Distinct().Count());
        }
    }

    [Fact]
    public void ScoresNeverIncreaseAlongAList()
    {
        var model = Create(seed: 5);
        for (var user = 0; user < RecommenderFixture.Users; user++)
        {
            var scores = Recommend(model, user, K).Scores;
            for (var i = 1; i < scores.Length; i++)
            {
                Assert.True(scores[i] <= scores[i - 1], $"user {user}: score {i} ({scores[i]}) above score {i - 1} ({scores[i - 1]})");
            }
        }
    }

    [Theory]
    [InlineData(RecommenderFixture.EmptyUser)]
    [InlineData(RecommenderFixture.UnknownUser)]
    public void AUserWithoutHistoryGetsAValidListAndNoError(int user)
    {
        var (items, scores) = Recommend(Create(seed: 5), user, K);

        Assert.Equal(items.Length, items.Distinct().Count());
        Assert.All(items, item => Assert.InRange(item, 0, RecommenderFixture.Items - 1));
        Assert.All(scores, score => Assert.False(float.IsNaN(score)));
    }
}
