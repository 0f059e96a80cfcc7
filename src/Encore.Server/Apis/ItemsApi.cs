using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Encore.Server.Apis;

/// <summary>GET /v1/items/{id}/similar; <paramref name="Exhausted"/> as in <see cref="RecommendationsResponse"/>.</summary>
public sealed record SimilarResponse(ExternalId ItemId, IReadOnlyList<ItemView> Similar, bool? Exhausted = null);

/// <summary>The REST API's track resources (the features role): details and similar tracks; 404 for an unknown track.</summary>
public static class ItemsApi
{
    public static IEndpointRouteBuilder MapItemsApi(this IEndpointRouteBuilder app, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.Serves(ServerOptions.FeaturesRole))
        {
            return app;
        }

        var items = app.MapGroup("/v1/items").WithTags("Items");
        items.MapGet("/{id}", GetItem).WithSummary("A track's name, artists and genres.");
        items.MapGet("/{id}/similar", GetSimilar).WithSummary("A track's similar tracks, best first.");
        return app;
    }

    public static Results<Ok<ItemView>, ValidationProblem, ProblemHttpResult> GetItem(string id, ApiServices services)
    {
        var ids = services.Ids;
        if (!ids.TryItem(id, "id", out var item, out var problem))
        {
            return problem;
        }

        var found = services.Recommendations.Recommender.Set.Catalog.Find(item.Value);
        return found is null
            ? NotFound(item, "is not in the catalogue")
            : TypedResults.Ok(new ItemView(ids.Item(found.ItemId), null, found.Name, found.Artists, found.Genres));
    }

    public static Results<Ok<SimilarResponse>, ValidationProblem, ProblemHttpResult> GetSimilar(
        string id,
        [FromQuery, Description("List length, 1..Recommendations:MaxK")] string? k,
        [FromQuery, Description("Include name, artists and genres")] string? details,
        [FromQuery, Description(FilterDescriptions.Exclude)] string[]? exclude,
        [FromQuery, Description(FilterDescriptions.Genres)] string[]? genres,
        [FromQuery, Description(FilterDescriptions.Artists)] string[]? artists,
        [FromQuery, Description(UsersApi.ExplainDescription)] string? explain,
        ApiServices services,
        Microsoft.Extensions.Options.IOptions<Encore.Core.Serving.RecommendationOptions> options)
    {
        var ids = services.Ids;
        if (!ids.TryItem(id, "id", out var item, out var problem)
            || !RequestParameters.TryK(k, options.Value.DefaultK, services.MaxK, out var count, out problem)
            || !RequestParameters.TryFlag(details, "details", out var withDetails, out problem)
            || !RequestParameters.TryFlag(explain, "explain", out var withExplanations, out problem)
            || !FilterParameters.TryParse(exclude, genres, artists, options.Value.MaxFilterValues, ids,
                () => services.Recommendations.Recommender.Set.Catalog, out var filter, out problem))
        {
            return problem;
        }

        services.Stats.Count("similar");
        var set = services.Recommendations.Recommender.Set;
        var index = item.Value is >= int.MinValue and <= int.MaxValue ? set.Similar.IndexOf((int)item.Value) : -1;
        if (index < 0)
        {
            return NotFound(item, "has no similar tracks (unknown, or not listened to in training)");
        }

        var neighbours = set.Similar.Neighbours(index);
        var scores = set.Similar.Scores(index);
        if (filter.KeepsAll)
        {
            var take = Math.Min(count, neighbours.Length);
            return TypedResults.Ok(new SimilarResponse(
                item, Explained(ItemView.Of(neighbours[..take], scores[..take], set.Catalog, withDetails, ids), item, set.Catalog, withExplanations, ids)));
        }

        // Walks the whole neighbour list, so tracks the filter rejects are replaced by the next neighbours.
        var positions = new int[Math.Min(count, neighbours.Length)];
        var kept = filter.Select(neighbours, [], positions);
        var items = new int[kept];
        var keptScores = new double[kept];
        for (var i = 0; i < kept; i++)
        {
            items[i] = neighbours[positions[i]];
            keptScores[i] = scores[positions[i]];
        }

        return TypedResults.Ok(new SimilarResponse(
            item, Explained(ItemView.Of(items, keptScores, set.Catalog, withDetails, ids), item, set.Catalog, withExplanations, ids), kept < count));
    }

    /// <summary>With explain=true, each neighbour names the track it is similar to and the similarity.</summary>
    private static ItemView[] Explained(ItemView[] views, ExternalId item, Encore.Core.Serving.ItemCatalog catalog, bool explain, ExternalIds ids)
    {
        if (explain)
        {
            for (var i = 0; i < views.Length; i++)
            {
                views[i] = views[i] with { Explanation = Explanations.Neighbour(catalog, item, views[i].Score ?? 0, ids) };
            }
        }

        return views;
    }

    private static ProblemHttpResult NotFound(ExternalId item, string why) =>
        RequestParameters.Rejected(StatusCodes.Status404NotFound, "Unknown track", "id", $"Track {item} {why}.");
}
