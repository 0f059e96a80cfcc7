using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Encore.Server.Apis;

/// <summary>GET /v1/items/{id}/similar.</summary>
public sealed record SimilarResponse(long ItemId, IReadOnlyList<ItemView> Similar);

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
        if (!RequestParameters.TryId(id, "id", out var item, out var problem))
        {
            return problem;
        }

        var found = services.Recommendations.Recommender.Set.Catalog.Find(item);
        return found is null
            ? NotFound(item, "is not in the catalogue")
            : TypedResults.Ok(new ItemView(found.ItemId, null, found.Name, found.Artists, found.Genres));
    }

    public static Results<Ok<SimilarResponse>, ValidationProblem, ProblemHttpResult> GetSimilar(
        string id,
        [FromQuery, Description("List length, 1..Recommendations:MaxK")] string? k,
        [FromQuery, Description("Include name, artists and genres")] string? details,
        ApiServices services,
        Microsoft.Extensions.Options.IOptions<Encore.Core.Serving.RecommendationOptions> options)
    {
        if (!RequestParameters.TryId(id, "id", out var item, out var problem)
            || !RequestParameters.TryK(k, options.Value.DefaultK, services.MaxK, out var count, out problem)
            || !RequestParameters.TryFlag(details, "details", out var withDetails, out problem))
        {
            return problem;
        }

        services.Stats.Count("similar");
        var set = services.Recommendations.Recommender.Set;
        var index = item is >= int.MinValue and <= int.MaxValue ? set.Similar.IndexOf((int)item) : -1;
        if (index < 0)
        {
            return NotFound(item, "has no similar tracks (unknown, or not listened to in training)");
        }

        var neighbours = set.Similar.Neighbours(index);
        var take = Math.Min(count, neighbours.Length);
        return TypedResults.Ok(new SimilarResponse(
            item, ItemView.Of(neighbours[..take], set.Similar.Scores(index)[..take], set.Catalog, withDetails)));
    }

    private static ProblemHttpResult NotFound(long item, string why) =>
        RequestParameters.Rejected(StatusCodes.Status404NotFound, "Unknown track", "id", $"Track {item} {why}.");
}
