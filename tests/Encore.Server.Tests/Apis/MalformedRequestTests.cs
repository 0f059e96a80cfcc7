using System.Net;
using System.Text;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Apis;

/// <summary>
/// Every way a request can be malformed gets problem+json naming what was wrong (issue 12, defect 4): the event
/// body field by field, the API key before the body, the framework's own 404 and 405, and the limits on the target,
/// the headers and the body, on the in-memory test server and on a real Kestrel.
/// </summary>
public sealed class MalformedRequestTests : IDisposable
{
    private const string Key = "s3cret";

    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    [Theory]
    [InlineData("{\"item_id\": \"x\"}", "item_id")]
    [InlineData("{\"item_id\": 1.5}", "item_id")]
    [InlineData("{\"item_id\": 99999999999999999999999}", "item_id")]
    [InlineData("{\"item_id\": 1e400}", "item_id")]
    [InlineData("{\"item_id\": true}", "item_id")]
    [InlineData("{\"item_id\": null}", "item_id")]
    [InlineData("{}", "item_id")]
    [InlineData("{\"item_id\": 50, \"timestamp\": \"yesterday\"}", "timestamp")]
    [InlineData("{\"item_id\": 50, \"timestamp\": \"2022-13-45T99:00:00Z\"}", "timestamp")]
    [InlineData("{\"item_id\": 50, \"timestamp\": 1671530400}", "timestamp")]
    [InlineData("[1]", "body")]
    [InlineData("null", "body")]
    [InlineData("\"50\"", "body")]
    [InlineData("{\"item_id\": ", "body")]
    [InlineData("{\"item_id\": 50,}", "body")]
    [InlineData("not json", "body")]
    [InlineData("", "body")]
    public async Task AMalformedEventBodyIs400NamingTheField(string body, string field)
    {
        await using var host = await StartAsync();
        using var response = await PostEventAsync(host.Client, body);
        var problem = await ProblemAssert.NamesAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Contains(field == "body" ? "expected" : $"'{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await host.Client.GetJsonAsync("/v1/users/1/events")).GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task EveryBadFieldOfAnEventIsNamed()
    {
        await using var host = await StartAsync();
        using var response = await PostEventAsync(host.Client, "{\"item_id\": \"x\", \"timestamp\": \"y\"}");
        var problem = await ProblemAssert.NamesAsync(response, HttpStatusCode.BadRequest, "item_id");
        Assert.True(problem.GetProperty("errors").TryGetProperty("timestamp", out _), problem.ToString());
    }

    [Theory]
    [InlineData("{\"ITEM_ID\": \"50\"}")]
    [InlineData("{\"item_id\": 50, \"timestamp\": null, \"extra\": [1, {}]}")]
    public async Task WhatTheJsonBindingAcceptedIsStillAccepted(string body)
    {
        await using var host = await StartAsync();
        using var response = await PostEventAsync(host.Client, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(50L, Assert.Single((await host.Client.GetJsonAsync("/v1/users/1/events")).ItemIds("events")));
    }

    [Fact]
    public async Task OpenApiStillDescribesTheEventBodyThatTheHandlerReadsItself()
    {
        await using var host = await StartAsync();
        var openApi = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json", Ct)).RootElement;
        var body = openApi.GetProperty("paths").GetProperty("/v1/users/{id}/events").GetProperty("post").GetProperty("requestBody");
        Assert.True(body.GetProperty("content").TryGetProperty("application/json", out var json), body.ToString());
        Assert.True(json.TryGetProperty("schema", out _), body.ToString());
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIs415NamingTheContentType()
    {
        await using var host = await StartAsync();
        using var response = await PostEventAsync(host.Client, "{\"item_id\": 50}", "text/plain");
        await ProblemAssert.NamesAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type");
    }

    [Fact]
    public async Task TheApiKeyIsCheckedBeforeTheBody()
    {
        await using var host = await StartAsync($"Server:ApiKey={Key}");
        using (var withoutKey = await PostEventAsync(host.Client, "[1]"))
        {
            await ProblemAssert.NamesAsync(withoutKey, HttpStatusCode.Unauthorized, "X-Api-Key");
        }

        using var withKey = await PostEventAsync(host.Client, "[1]", key: Key);
        await ProblemAssert.NamesAsync(withKey, HttpStatusCode.BadRequest, "body");
    }

    [Theory]
    [InlineData("GET", "/v1/nothing/here", 404, "No endpoint serves the path '/v1/nothing/here'")]
    [InlineData("GET", "/v1/users/1/events/extra", 404, "'/v1/users/1/events/extra'")]
    [InlineData("DELETE", "/put?user_id=1&item_id=2", 405, "The method 'DELETE' is not allowed on the path '/put'")]
    [InlineData("GET", "/recommendations_offline?user_id=1", 405, "allowed: POST")]
    [InlineData("PUT", "/v1/users/1/events", 405, "The method 'PUT'")]
    public async Task TheFrameworksOwn404And405AreProblemJsonNamingThePathAndMethod(string method, string url, int status, string detail)
    {
        await using var host = await StartAsync();
        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ATargetOrHeadersOverTheLimitsAre414And431ProblemJson(bool realKestrel)
    {
        await using var host = await StartAsync(realKestrel);

        using (var longTarget = await host.Client.GetAsync($"/v1/users/1/recommendations?pad={new string('x', 9000)}", Ct))
        {
            await ProblemAssert.NamesAsync(longTarget, HttpStatusCode.RequestUriTooLong, "target");
        }

        using (var large = new HttpRequestMessage(HttpMethod.Get, "/v1/users/1/recommendations") { Headers = { { "X-Pad", new string('x', 20_000) } } })
        using (var response = await host.Client.SendAsync(large, Ct))
        {
            await ProblemAssert.NamesAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "headers");
        }

        using var many = new HttpRequestMessage(HttpMethod.Get, "/v1/users/1/recommendations");
        for (var i = 0; i < 150; i++)
        {
            many.Headers.Add($"X-Pad-{i}", "x");
        }

        using (var response = await host.Client.SendAsync(many, Ct))
        {
            await ProblemAssert.NamesAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "headers");
        }

        // Just under the limits is served.
        using var fits = await host.Client.GetAsync($"/v1/users/1/recommendations?pad={new string('x', 7000)}", Ct);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task ABodyOverTheLimitIs413NamingTheBody(bool realKestrel, bool chunked)
    {
        await using var host = await StartAsync(realKestrel, "Server:MaxRequestBodyBytes=100");
        var json = Encoding.UTF8.GetBytes($"{{\"item_id\": 50, \"padding\": \"{new string('x', 5000)}\"}}");
        // Without a length up front, the body is sent chunked: only reading it finds it too large.
        HttpContent content = chunked ? new StreamContent(new MemoryStream(json)) : new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users/1/events") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await host.Client.SendAsync(request, Ct);
        await ProblemAssert.NamesAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Theory]
    [InlineData("wrong", "application/json", 0)]
    [InlineData(Key, "text/plain", 0)]
    [InlineData(Key, "application/json", 9000)]
    public async Task ARequestRefusedBeforeItsOversizedBodyIsReadClosesItsConnectionSoTheNextRequestWorks(string key, string contentType, int padQuery)
    {
        await using var host = await StartAsync(true, $"Server:ApiKey={Key}");
        var body = $"{{\"item_id\": 50, \"pad\": \"{new string('x', 20_000)}\"}}";
        using (var refused = await PostEventAsync(host.Client, body, contentType, key, padQuery == 0 ? "" : $"?pad={new string('x', padQuery)}"))
        {
            Assert.True((int)refused.StatusCode is 401 or 414 or 415, $"got {(int)refused.StatusCode}");
            Assert.Contains("close", refused.Headers.Connection);
        }

        using var next = await PostEventAsync(host.Client, "{\"item_id\": 50}", key: Key);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    [Fact]
    public async Task ABodyKestrelCannotDecodeIs400NamingTheBody()
    {
        await using var host = await StartAsync(realKestrel: true);
        // "zz" is no chunk size: Kestrel throws when the handler reads the body, and the exception handler answers.
        var answer = await RawHttp.SendAsync(host.BaseUrl,
            "POST /v1/users/1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", Ct);
        var problem = ProblemAssert.Names(MediaType(answer), answer.Body, HttpStatusCode.BadRequest, "body");
        Assert.Contains("could not be read", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static string? MediaType(RawHttp.Answer answer) =>
        answer.Headers.TryGetValue("Content-Type", out var type) ? type.Split(';')[0] : null;

    private static async Task<HttpResponseMessage> PostEventAsync(
        HttpClient client, string body, string contentType = "application/json", string? key = null, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users/1/events" + query) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request, Ct);
    }

    private Task<ServiceHost> StartAsync(params string[] settings) => StartAsync(false, settings);

    private Task<ServiceHost> StartAsync(bool realKestrel, params string[] settings) =>
        ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", .. settings], realPort: realKestrel);
}
