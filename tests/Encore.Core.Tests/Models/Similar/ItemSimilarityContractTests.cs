using Encore.Core.Models.Similar;

namespace Encore.Core.Tests.Models.Similar;

/// <summary>What every <see cref="IItemSimilarity"/> promises, on a subclass's fitted fixture.</summary>
public abstract class ItemSimilarityContractTests
{
    /// <summary>A fitted model whose candidates leave out at least one item of the catalogue.</summary>
    protected abstract IItemSimilarity CreateFitted();

    /// <summary>An item of the catalogue without train listens.</summary>
    protected abstract int NonCandidate { get; }

    [Fact]
    public void ListsExcludeTheItemItselfAndItemsWithoutTrainListens()
    {
        var model = CreateFitted();
        var all = model.SimilarToAll(model.Candidates.Length, cancellationToken: TestContext.Current.CancellationToken);
        for (var row = 0; row < all.Sources.Length; row++)
        {
            var items = all.Lists.Items(row);
            Assert.DoesNotContain(all.Sources[row], items.ToArray());
            Assert.DoesNotContain(NonCandidate, items.ToArray());
            Assert.Equal(model.Candidates.Length - 1, items.Length);
        }
    }

    [Fact]
    public void AllListsEqualSingleItemLists()
    {
        var model = CreateFitted();
        var all = model.SimilarToAll(2, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(model.Candidates.ToArray(), all.Sources);
        for (var row = 0; row < all.Sources.Length; row++)
        {
            var items = new int[2];
            var scores = new float[2];
            var count = model.SimilarItems(all.Sources[row], items, scores);
            Assert.Equal(all.Lists.Items(row).ToArray(), items[..count]);
            Assert.Equal(all.Lists.Scores(row).ToArray(), scores[..count]);
        }
    }

    [Fact]
    public void ScoresNeverIncreaseAlongAList()
    {
        var all = CreateFitted().SimilarToAll(3, cancellationToken: TestContext.Current.CancellationToken);
        for (var row = 0; row < all.Sources.Length; row++)
        {
            var scores = all.Lists.Scores(row);
            for (var i = 1; i < scores.Length; i++)
            {
                Assert.True(scores[i] <= scores[i - 1]);
            }
        }
    }

    [Fact]
    public void AskingForAnItemWithoutTrainListensNamesIt()
    {
        var error = Assert.Throws<EncoreException>(() => CreateFitted().SimilarItems(NonCandidate, new int[2], new float[2]));
        Assert.Contains(NonCandidate.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroKIsRejected() => Assert.Throws<EncoreException>(() => CreateFitted().SimilarToAll(0, cancellationToken: TestContext.Current.CancellationToken));
}
