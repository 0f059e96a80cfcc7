using Encore.Core.Evaluation;

namespace Encore.Core.Tests.Evaluation;

public sealed class ActivityDecilesTests
{
    [Fact]
    public void TwentyDistinctCountsGiveTwoUsersPerDecileLeastActiveFirst()
    {
        // Users in reverse order of activity: user i has 20 − i listens.
        var listens = Enumerable.Range(0, 20).Select(i => (long)(20 - i)).ToArray();

        var deciles = ActivityDeciles.Split(listens);

        Assert.Equal(10, deciles.DecileOf(0));
        Assert.Equal(10, deciles.DecileOf(1));
        Assert.Equal(1, deciles.DecileOf(18));
        Assert.Equal(1, deciles.DecileOf(19));
        Assert.All(deciles.Groups, g => Assert.Equal(2, g.Users));
        Assert.Equal(new ActivityDecile(1, 2, 1, 2), deciles.Groups[0]);
        Assert.Equal(new ActivityDecile(10, 2, 19, 20), deciles.Groups[9]);
    }

    [Fact]
    public void UsersWithTheSameCountShareTheGroupOfTheFirstOfThem()
    {
        // Sorted: 1 1 1 1 2 3 4 5 6 7. Positions 0–3 tie at 1 listen: all take decile 1 (position 0), not 1, 2, 3, 4.
        long[] listens = [1, 1, 1, 1, 2, 3, 4, 5, 6, 7];

        var deciles = ActivityDeciles.Split(listens);

        Assert.Equal([1, 1, 1, 1, 5, 6, 7, 8, 9, 10], Enumerable.Range(0, 10).Select(deciles.DecileOf));
        Assert.Equal(new ActivityDecile(1, 4, 1, 1), deciles.Groups[0]);
        Assert.Equal(new ActivityDecile(2, 0, 0, 0), deciles.Groups[1]);
        Assert.Equal(0, deciles.Groups[3].Users);
    }

    [Fact]
    public void FewerUsersThanDecilesLeaveSomeGroupsEmptyAndTheirMeansNaN()
    {
        long[] listens = [30, 10, 20];

        var deciles = ActivityDeciles.Split(listens);
        var means = deciles.Means([0.3, 0.1, 0.2]);

        // Sorted positions 0, 1, 2 of 3 → deciles ⌊10·i/3⌋ + 1 = 1, 4, 7.
        Assert.Equal([7, 1, 4], Enumerable.Range(0, 3).Select(deciles.DecileOf));
        Assert.Equal(0.1, means[0]);
        Assert.Equal(0.2, means[3]);
        Assert.Equal(0.3, means[6]);
        Assert.Equal(7, means.Count(double.IsNaN));
        Assert.Equal(3, deciles.Groups.Sum(g => g.Users));
    }

    [Fact]
    public void MeansAverageEachGroupsValues()
    {
        long[] listens = [5, 5, 9, 1];

        var means = ActivityDeciles.Split(listens).Means([0.2, 0.4, 1, 0]);

        // Sorted 1 5 5 9: decile 1 (1 listen), deciles 3 (the two 5s, from position 1: ⌊10/4⌋ + 1), 8 (9 listens).
        Assert.Equal(0, means[0]);
        Assert.Equal(0.3, means[2], 12);
        Assert.Equal(1, means[7]);
    }

    [Fact]
    public void NoUsersGiveTenEmptyGroups()
    {
        var deciles = ActivityDeciles.Split([]);

        Assert.Equal(10, deciles.Groups.Count);
        Assert.All(deciles.Groups, g => Assert.Equal(0, g.Users));
        Assert.Throws<ArgumentException>(() => deciles.Means([1.0]));
    }
}
