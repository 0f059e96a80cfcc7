using System.Globalization;
using System.Text.Json;
using Encore.Core.Models.Similar;
using Encore.Core.Serving;
using Microsoft.Extensions.Options;
using Polly;

namespace Encore.Server.SimilarTracks;

/// <summary>
/// Similar tracks from the features role over the seed's API (<c>POST /similar_items?item_id&amp;k</c> →
/// <c>{"item_id_2": [...], "score": [...]}</c>), one call per recent event, in parallel. The typed client's
/// resilience handler times out and retries; whatever still fails is a <see cref="FeaturesUnavailableException"/>,
/// and the caller serves offline recommendations instead.
/// </summary>
public sealed class HttpSimilarItems(HttpClient client, IOptions<RecommendationOptions> options) : ISimilarItemsSource
{
    // Every role reads the same configuration, so the features role accepts k up to the same MaxK.
    private readonly int _neighboursPerItem = options.Value.MaxK;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public async ValueTask<SimilarItemsIndex> ForItemsAsync(int[] items, CancellationToken cancellationToken)
    {
        var distinct = items.Distinct().Order().ToArray();
        var replies = await Task.WhenAll(distinct.Select(item => FetchAsync(item, cancellationToken)));
        var offsets = new int[distinct.Length + 1];
        for (var i = 0; i < replies.Length; i++)
        {
            offsets[i + 1] = offsets[i] + replies[i].Neighbours.Length;
        }

        var neighbours = replies.SelectMany(r => r.Neighbours).ToArray();
        var scores = replies.SelectMany(r => r.Scores).ToArray();
        return SimilarItemsIndex.FromCsr(distinct, offsets, neighbours, scores);
    }

    private async Task<(int[] Neighbours, double[] Scores)> FetchAsync(int item, CancellationToken cancellationToken)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"similar_items?item_id={item}&k={_neighboursPerItem}"), UriKind.Relative);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri);
            // The recommendations role asks by the set's int ids, which a features peer on a string-id set still answers.
            request.Headers.Add(Apis.SeedApi.InternalIdsHeader, "true");
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new FeaturesUnavailableException(string.Create(CultureInfo.InvariantCulture,
                    $"The features service at {client.BaseAddress} answered {(int)response.StatusCode} {response.ReasonPhrase}."));
            }

            var reply = await response.Content.ReadFromJsonAsync<SimilarReply>(s_json, cancellationToken);
            if (reply?.ItemId2 is not { } ids || reply.Score is not { } scores || ids.Length != scores.Length)
            {
                throw new FeaturesUnavailableException($"The features service at {client.BaseAddress} answered /similar_items without matching item_id_2 and score lists.");
            }

            return (ids, scores);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or ExecutionRejectedException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new FeaturesUnavailableException($"The features service at {client.BaseAddress} is unavailable: {e.Message}", e);
        }
    }

    private sealed record SimilarReply(
        [property: System.Text.Json.Serialization.JsonPropertyName("item_id_2")] int[]? ItemId2,
        [property: System.Text.Json.Serialization.JsonPropertyName("score")] double[]? Score);
}
