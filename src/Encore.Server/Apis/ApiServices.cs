using Encore.Core.Serving;
using Encore.Server.Events;
using Encore.Server.Operations;
using Encore.Server.Serving;
using Microsoft.Extensions.Options;

namespace Encore.Server.Apis;

/// <summary>
/// What the handlers of both HTTP APIs (the seed's paths in <see cref="SeedApi"/> and the REST resources in
/// <see cref="UsersApi"/> and <see cref="ItemsApi"/>) use, injected as one parameter.
/// </summary>
public sealed class ApiServices(
    RecommendationService recommendations, IEventStore events, ServiceStats stats, IOptions<RecommendationOptions> options, ServingSetHost host)
{
    public RecommendationService Recommendations { get; } = recommendations;

    public IEventStore Events { get; } = events;

    public ServiceStats Stats { get; } = stats;

    public int MaxK { get; } = options.Value.MaxK;

    /// <summary>The ids of the set being served (integers when none is loaded): take it once per request.</summary>
    public ExternalIds Ids => ExternalIds.Of(host.Current?.Set);
}
