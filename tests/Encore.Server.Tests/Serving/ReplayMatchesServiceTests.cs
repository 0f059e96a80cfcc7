using System.Net;
using System.Net.Http.Json;
using Encore.Core.Evaluation.Replay;
using Encore.Core.Serving;

namespace Encore.Server.Tests.Serving;

/// <summary>
/// The replay evaluation's strategies against the running service: after every listen sent with the REST API, each
/// kind the service serves equals the strategy of the same name given the same events, so the replay measures what is
/// served.
/// </summary>
public sealed class ReplayMatchesServiceTests : TinyServiceTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(3L)]
    public async Task EachKindTheServiceServesEqualsTheReplayStrategyForTheSameEvents(long user)
    {
        var set = ServingSetLoader.Load(Artifacts.Directory, itemsPath: null, ServingParts.Recommendations | ServingParts.Similar, Ct);
        var options = new ReplayOptions();
        var strategies = ReplayStrategies.Create(new ServingRecommender(set, options.Serving)).ToDictionary(s => s.Name);
        // More listens than the store keeps (10), repeats, tracks of the personal list and tracks without neighbours.
        long[] listens = [50, 11, 51, 10, 52, 50, 60, 62, 12, 51, 64, 52, 13];
        var played = new List<long>();
        foreach (var item in listens)
        {
            using var response = await Host.Client.PostAsJsonAsync($"/v1/users/{user}/events", new { item_id = item }, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            played.Insert(0, item);
            var events = played.Take(options.StoredEvents).ToArray();
            foreach (var kind in new[] { "popular", "offline", "online", "blended" })
            {
                var served = (await Host.Client.GetJsonAsync($"/v1/users/{user}/recommendations?kind={kind}&k=10")).ItemIds("items");
                var replayed = Replay(strategies[kind], set, user, events, options.OnlineHistory);

                Assert.True(
                    served.SequenceEqual(replayed.Select(i => (long)i)),
                    $"{kind} after {played.Count} listens: served [{string.Join(", ", served)}], replayed [{string.Join(", ", replayed)}]");
            }
        }
    }

    private static int[] Replay(IReplayStrategy strategy, ServingSet set, long user, long[] events, int onlineHistory)
    {
        var request = new ReplayRequest(user, set.Offline.ItemsOf(user), events, OnlineHistory.From(events, onlineHistory));
        var destination = new int[10];
        return destination[..strategy.Recommend(request, destination)];
    }
}
