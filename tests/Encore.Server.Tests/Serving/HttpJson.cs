using System.Net;
using System.Text.Json;

namespace Encore.Server.Tests.Serving;

/// <summary>Requests that expect a status and return the JSON body.</summary>
internal static class HttpJson
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<JsonElement> PostAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(client, new HttpRequestMessage(HttpMethod.Post, url), expected);

    public static Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(client, new HttpRequestMessage(HttpMethod.Get, url), expected);

    public static async Task<JsonElement> SendAsync(this HttpClient client, HttpRequestMessage request, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == expected, $"{request.Method} {request.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
            return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>
    /// Polls <c>/recommendations_default?k=2</c> until the chart starts with <paramref name="first"/> (a reload landed)
    /// or <paramref name="timeout"/> passes; returns the last answer.
    /// </summary>
    public static async Task<long[]> WaitForChartAsync(this HttpClient client, long first, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long[] recs;
        do
        {
            await Task.Delay(100, Ct);
            recs = (await client.PostAsync("/recommendations_default?k=2")).Ids("recs");
        }
        while (recs[0] != first && DateTime.UtcNow < deadline);

        return recs;
    }

    /// <summary>The integers of array property <paramref name="name"/>.</summary>
    public static long[] Ids(this JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetInt64())];

    /// <summary>The item_id of each object in array property <paramref name="name"/>.</summary>
    public static long[] ItemIds(this JsonElement json, string name) =>
        [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetProperty("item_id").GetInt64())];

    /// <summary>Asserts a 400 problem+json that names <paramref name="parameter"/>.</summary>
    public static async Task AssertInvalidParameterAsync(this HttpClient client, HttpMethod method, string url, string parameter)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, url), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"the problem does not name '{parameter}': {problem}");
        Assert.Contains($"'{parameter}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
