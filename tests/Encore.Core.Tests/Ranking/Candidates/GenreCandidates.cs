using Encore.Core.Data.Interactions;
using Encore.Core.Models;
using Encore.Core.Models.Similar;
using Encore.Core.Ranking;
using Encore.Core.Ranking.Candidates;

namespace Encore.Core.Tests.Ranking.Candidates;

/// <summary>
/// A fourth candidate source, written as a new source is: tracks whose genres are closest to the user's recent
/// listens (the similar-tracks-by-genre index), giving <c>genre_score</c> and <c>genre_rank</c>.
/// </summary>
public sealed class GenreCandidates() : CandidateSource("genre")
{
    public override int Count(RankerOptions options) => 20;

    public override IRecommender Create(CandidateInputs inputs)
    {
        var genres = inputs.Tags.Genres;
        var items = new List<int>();
        var tags = new List<int>();
        for (var item = 0; item < genres.ItemCount; item++)
        {
            foreach (var genre in genres.Of(item))
            {
                items.Add(item);
                tags.Add(genre);
            }
        }

        var plays = new long[inputs.PlayCounts.Columns];
        var columns = inputs.PlayCounts.Indices;
        var values = inputs.PlayCounts.Values;
        for (var k = 0; k < columns.Length; k++)
        {
            plays[columns[k]] += (long)values[k];
        }

        var similarity = new GenreItemSimilarity();
        similarity.Fit(
            SparseMatrix.FromTriplets(genres.ItemCount, Math.Max(1, genres.TagCount), [.. items], [.. tags]), plays,
            [.. Enumerable.Range(0, plays.Length).Where(item => plays[item] > 0)]);
        return new SimilarToRecentListens(new SimilarToHistory(SimilarIndexes.FromLists(similarity.SimilarToAll(10))), inputs.Recent);
    }
}
