using System.ComponentModel;
using Encore.Core.Serving;
using Encore.Server.Events;
using Encore.Server.Operations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.Extensions.Options;

namespace Encore.Server.Apis;

/// <summary>
/// GET /v1/users/{id}/recommendations. <paramref name="Exhausted"/> is present only when the request has a filter:
/// true when the sources ran out of tracks passing it, so the list is shorter than k.
/// </summary>
public sealed record RecommendationsResponse(
    ExternalId UserId, string Kind, IReadOnlyList<string> Sources, bool Degraded, IReadOnlyList<ItemView> Items, bool? Exhausted = null);

/// <summary>The body of POST /v1/users/{id}/events: the track played and, optionally, when (default: now).</summary>
public sealed record NewEvent(long? ItemId, DateTimeOffset? Timestamp);

/// <summary>One stored event.</summary>
public sealed record EventView(ExternalId ItemId, DateTimeOffset? Timestamp);

/// <summary>GET /v1/users/{id}/events.</summary>
public sealed record EventsResponse(ExternalId UserId, IReadOnlyList<EventView> Events);

/// <summary>The REST API's per-listener resources: recommendations of each kind and the online history.</summary>
public static class UsersApi
{
    private static readonly Dictionary<string, RecommendationKind> s_kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["offline"] = RecommendationKind.Offline,
        ["online"] = RecommendationKind.Online,
        ["blended"] = RecommendationKind.Blended,
        ["popular"] = RecommendationKind.Popular,
        ["live"] = RecommendationKind.Live,
    };

    /// <summary>The OpenAPI description of <c>explain</c>.</summary>
    internal const string ExplainDescription =
        "true: each item gets an explanation: its source (similar, popular, personal_als, ranker or live), a reason in words, its rank in its chart or personal list, the listened tracks behind it with their similarity or ALS contribution, and for ranked tracks the candidate sources and the features that raised the score most";

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var users = app.MapGroup("/v1/users").WithTags("Users");
        if (server.Serves(ServerOptions.RecommendationsRole))
        {
            users.MapGet("/{id}/recommendations", GetRecommendations)
                .WithSummary("Recommendations for a user: offline, online, blended (default), popular or live.");
        }

        // The recommendations role reaches the history through its event store (the events role, or a shared Redis).
        if (server.Serves(ServerOptions.EventsRole) || server.Serves(ServerOptions.RecommendationsRole))
        {
            users.MapPost("/{id}/events", AddEvent).RequireApiKey()
                .AddOpenApiOperationTransformer(DescribeEventBodyAsync)
                .WithSummary("Records that the user played a track.");
            users.MapGet("/{id}/events", GetEvents).WithSummary("The user's newest events, newest first.");
        }

        return app;
    }

    public static async Task<Results<Ok<RecommendationsResponse>, ValidationProblem>> GetRecommendations(
        string id,
        [FromQuery, Description("offline, online, blended (default), popular or live (the request-time ranker; the blend, marked degraded, when the set has no live model)")] string? kind,
        [FromQuery, Description("List length, 1..Recommendations:MaxK")] string? k,
        [FromQuery, Description("Include name, artists and genres")] string? details,
        [FromQuery, Description(FilterDescriptions.Exclude)] string[]? exclude,
        [FromQuery, Description(FilterDescriptions.Genres)] string[]? genres,
        [FromQuery, Description(FilterDescriptions.Artists)] string[]? artists,
        [FromQuery, Description(ExplainDescription)] string? explain,
        ApiServices services,
        IOptions<RecommendationOptions> options,
        CancellationToken cancellationToken)
    {
        var chosen = RecommendationKind.Blended;
        var ids = services.Ids;
        if (!ids.TryUser(id, "id", out var user, out var problem)
            || !RequestParameters.TryK(k, options.Value.DefaultK, services.MaxK, out var count, out problem)
            || !RequestParameters.TryFlag(details, "details", out var withDetails, out problem)
            || !RequestParameters.TryFlag(explain, "explain", out var withExplanations, out problem))
        {
            return problem;
        }

        if (kind is not null && !s_kinds.TryGetValue(kind, out chosen))
        {
            return RequestParameters.Invalid("kind", $"Parameter 'kind' must be one of {string.Join(", ", s_kinds.Keys)}; got '{kind}'.");
        }

        if (!FilterParameters.TryParse(exclude, genres, artists, options.Value.MaxFilterValues, ids,
            () => services.Recommendations.Recommender.Set.Catalog, out var filter, out problem))
        {
            return problem;
        }

        var result = await services.Recommendations.RecommendAsync(chosen, user.Value, count, filter, cancellationToken);
        var items = ItemView.Of(result.List.Items, [], result.Set.Catalog, withDetails, ids);
        if (withExplanations)
        {
            Explanations.Explain(chosen, user.Value, result, items, ids);
        }

        return TypedResults.Ok(new RecommendationsResponse(
            user,
            chosen.ToString().ToLowerInvariant(),
            [.. ServiceStats.Parts(result.List.Source)],
            result.EventsUnavailable || result.FeaturesUnavailable || result.LiveUnavailable,
            items,
            filter.KeepsAll ? null : result.List.Items.Length < count));
    }

    /// <summary>
    /// Reads its body itself (<see cref="JsonRequestBody"/>, <see cref="NewEventBody"/>): bound by the framework, a
    /// malformed body got a bare 400, before the API key was checked.
    /// </summary>
    public static async Task<Results<Created<EventView>, ValidationProblem, ProblemHttpResult>> AddEvent(
        string id, HttpRequest request, ApiServices services, IOptions<ServerOptions> server, CancellationToken cancellationToken)
    {
        var ids = services.Ids;
        if (!ids.TryUser(id, "id", out var user, out var problem))
        {
            return problem;
        }

        var (body, rejected) = await JsonRequestBody.ReadAsync(request, server.Value.MaxRequestBodyBytes, NewEventBody.Expected, cancellationToken);
        if (rejected is not null || !NewEventBody.TryParse(body!, ids, out var parsed, out rejected))
        {
            return rejected;
        }

        // The catalogue defines the tracks; any listener may post (one outside the set's map has its own key).
        if (ids.ItemsAreStrings && parsed.Item.Value == ExternalIds.Unknown)
        {
            return RequestParameters.Rejected(StatusCodes.Status404NotFound, "Unknown track", "item_id",
                $"Track '{parsed.Item}' is not in the served set's {Encore.Core.FileNames.ItemIds}.");
        }

        // Kept under the ids' keys: on a string set stable keys of the originals, which a retrained set keeps (EventKeys).
        var stored = new UserEvent(ids.EventKeys.Item(parsed.Item.Value), parsed.Timestamp ?? DateTimeOffset.UtcNow);
        services.Stats.Count("put");
        await services.Events.AddAsync(ids.EventKeys.User(user.Value), stored, cancellationToken);
        return TypedResults.Created(
            $"/v1/users/{Uri.EscapeDataString(user.ToString())}/events", new EventView(parsed.Item, stored.Timestamp));
    }

    // Accepts<NewEvent>() would describe the body too, but its content-type check answers 415 before the API key is checked.
    private static async Task DescribeEventBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(NewEvent), null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }

    public static async Task<Results<Ok<EventsResponse>, ValidationProblem>> GetEvents(
        string id, [FromQuery] string? k, ApiServices services, CancellationToken cancellationToken)
    {
        var ids = services.Ids;
        if (!ids.TryUser(id, "id", out var user, out var problem)
            || !RequestParameters.TryK(k, services.Events.Capacity, services.MaxK, out var count, out problem))
        {
            return problem;
        }

        services.Stats.Count("get");
        var stored = await services.Events.GetAsync(ids.EventKeys.User(user.Value), Math.Min(count, services.Events.Capacity), cancellationToken);
        var events = ids.EventKeys.Translate(stored);
        return TypedResults.Ok(new EventsResponse(
            user, [.. events.Select(e => new EventView(ids.Item(e.ItemId), e.Timestamp == default ? null : e.Timestamp))]));
    }
}
