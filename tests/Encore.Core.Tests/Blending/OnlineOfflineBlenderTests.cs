using Encore.Core.Blending;

namespace Encore.Core.Tests.Blending;

public sealed class OnlineOfflineBlenderTests
{
    private static int[] Blend(int[] offline, int[] online, int k)
    {
        var destination = new int[k];
        var count = OnlineOfflineBlender.Blend(offline, online, destination);
        return destination[..count];
    }

    [Fact]
    public void OfflineTakesTheEvenPositionsAndOnlineTheOddOnes() =>
        Assert.Equal([1, 101, 2, 102, 3, 103], Blend([1, 2, 3], [101, 102, 103], 6));

    [Fact]
    public void TheSeedsReferenceBlendIsReproduced() =>
        // docs/seed.md §6.5: user 617032, offline and online top-10 → the logged blended top-10.
        Assert.Equal(
            [32947997, 590413, 29544272, 21101461, 18385776, 590668, 34976783, 590164, 26918469, 21101463],
            Blend(
                [32947997, 29544272, 18385776, 34976783, 26918469, 31219146, 31746480, 24663745, 30049955, 21497837],
                [590413, 21101461, 590668, 590164, 21101463, 590262, 590692, 591001, 99245, 590326],
                10));

    [Fact]
    public void ADuplicateGivesItsPositionToTheNextItemOfTheSameList() =>
        // Online's 1 is already shown: its odd position goes to online's next item, 102, and parity is kept.
        Assert.Equal([1, 101, 2, 102, 3, 103], Blend([1, 2, 3], [101, 1, 102, 103], 6));

    [Fact]
    public void WhenOneListRunsOutTheOtherFillsUpToK()
    {
        Assert.Equal([1, 101, 2, 3, 4, 5], Blend([1, 2, 3, 4, 5, 6], [101], 6));
        Assert.Equal([1, 101, 102, 103, 104], Blend([1], [101, 102, 103, 104], 6));
    }

    [Fact]
    public void FewerThanKDistinctItemsGiveAShorterList() =>
        Assert.Equal([1, 2], Blend([1, 2], [2, 1], 5));

    [Fact]
    public void WithoutOnlineItemsTheBlendIsTheOfflineList() =>
        Assert.Equal([5, 4, 3], Blend([5, 4, 3, 2], [], 3));

    [Fact]
    public void EmptyInputsOrZeroLengthGiveNothing()
    {
        Assert.Empty(Blend([], [], 3));
        Assert.Empty(Blend([1], [2], 0));
    }
}
