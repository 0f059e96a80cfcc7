using Encore.Core.Data.Interactions;
using Encore.Core.Models.Similar;
using Encore.Core.Randomness;
using Encore.Core.Ranking;

namespace Encore.Core.Tests.Models.Contract;

/// <summary>
/// The small catalogue every recommender contract suite fits on: 24 users × 30 items of random plays (user 23
/// heard nothing), each item with one or two of five genres, and each user's recent listens.
/// </summary>
internal static class RecommenderFixture
{
    public const int Users = 24;
    public const int Items = 30;

    /// <summary>A user who heard nothing.</summary>
    public const int EmptyUser = Users - 1;

    /// <summary>A user outside every model's rows.</summary>
    public const int UnknownUser = 10_000;

    /// <summary>Users × items plays.</summary>
    public static SparseMatrix Plays { get; } = MakePlays();

    /// <summary>Every item, ascending.</summary>
    public static int[] Catalog { get; } = [.. Enumerable.Range(0, Items)];

    /// <summary>Each user's last three distinct items, most recent first (here: by descending item id).</summary>
    public static UserLists Recent { get; } = MakeRecent();

    /// <summary>The similar-tracks-by-genre index of the catalogue, 6 neighbours per item.</summary>
    public static SimilarItemsIndex GenreIndex(int neighbours = 6)
    {
        var users = new List<int>();
        var genres = new List<int>();
        for (var item = 0; item < Items; item++)
        {
            users.Add(item);
            genres.Add(item % 5);
            if (item % 3 == 0)
            {
                users.Add(item);
                genres.Add((item / 3) % 5 == item % 5 ? (item + 1) % 5 : (item / 3) % 5);
            }
        }

        var plays = new long[Items];
        var indices = Plays.Indices;
        var values = Plays.Values;
        for (var k = 0; k < indices.Length; k++)
        {
            plays[indices[k]] += (long)values[k];
        }

        var model = new GenreItemSimilarity();
        model.Fit(
            SparseMatrix.FromTriplets(Items, 5, [.. users], [.. genres]), plays,
            [.. Enumerable.Range(0, Items).Where(item => plays[item] > 0)]);
        return SimilarIndexes.FromLists(model.SimilarToAll(neighbours));
    }

    private static SparseMatrix MakePlays()
    {
        var random = new SplitMix64(13);
        var users = new List<int>();
        var items = new List<int>();
        var values = new List<float>();
        for (var user = 0; user < EmptyUser; user++)
        {
            for (var item = 0; item < Items; item++)
            {
                // Popular low ids, so the chart has a clear order and ALS something to learn.
                if (random.NextBelow(100) < (ulong)(10 + 40 * (Items - item) / Items))
                {
                    users.Add(user);
                    items.Add(item);
                    values.Add(1 + random.NextBelow(5));
                }
            }
        }

        return SparseMatrix.FromTriplets(Users, Items, [.. users], [.. items], [.. values]);
    }

    private static UserLists MakeRecent()
    {
        var users = new List<int>();
        var offsets = new List<int> { 0 };
        var items = new List<int>();
        for (var user = 0; user < Users; user++)
        {
            var heard = Plays.RowIndices(user);
            if (heard.IsEmpty)
            {
                continue;
            }

            users.Add(user);
            for (var i = heard.Length - 1; i >= Math.Max(0, heard.Length - 3); i--)
            {
                items.Add(heard[i]);
            }

            offsets.Add(items.Count);
        }

        return UserLists.FromCsr([.. users], [.. offsets], [.. items], ListKind.Ranked);
    }
}
