using System.Net;
using System.Text.RegularExpressions;
using Encore.Server.Tests.Serving;

namespace Encore.Server.Tests.Apis;

/// <summary>
/// What Kestrel refuses itself, while parsing and before any application code runs, answers problem+json naming what
/// was wrong (issue 12, defect 4; KestrelRejections rewrites Kestrel's empty answer on the connection), and every other
/// response passes through that rewriting byte for byte. Real Kestrel on loopback, raw sockets.
/// </summary>
public sealed partial class KestrelRejectionTests : IDisposable
{
    private readonly TinyArtifacts _artifacts = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _artifacts.Dispose();

    public static TheoryData<string, int, string, string> Refused => new()
    {
        { "GET /v1/items/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "target", "decodes to a NUL" },
        { "GET /v1/items/1 HTTP/1.1\r\nHost: localhost\r\nX Pad: 1\r\n\r\n", 400, "headers", "'X Pad: 1'" },
        { "GET /v1/items/1 HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, "Host", "needs a Host header" },
        { "GET /v1/items/1 HTTP/1.1\r\nHost: localhost\r\nHost: other\r\n\r\n", 400, "Host", "2 Host headers" },
        { $"GET /v1/items/1?pad={new string('x', 40_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n", 414, "target", "at most 8192 bytes" },
        { $"GET /v1/items/1 HTTP/1.1\r\nHost: localhost\r\nX-Pad: {new string('x', 70_000)}\r\n\r\n", 431, "headers", "at most 16384 bytes" },
        { "GET /v1/items/1 HTTP/9.9\r\nHost: localhost\r\n\r\n", 505, "version", "'HTTP/9.9' is not supported" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task WhatKestrelRefusesItselfIsProblemJsonNamingWhatWasWrong(string request, int status, string name, string detail)
    {
        await using var host = await StartAsync();
        var answer = await RawHttp.SendAsync(host.BaseUrl, request, Ct);
        var problem = ProblemAssert.Names(MediaType(answer), answer.Body, (HttpStatusCode)status, name);
        Assert.Equal(status, answer.Status);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(answer.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Headers["Content-Length"]);
        Assert.Equal("close", answer.Headers["Connection"]);
    }

    [Fact]
    public async Task ARefusedHeadRequestKeepsItsEmptyAnswer()
    {
        await using var host = await StartAsync();
        var answer = await RawHttp.SendAsync(host.BaseUrl, "HEAD /v1/items/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n", Ct);
        Assert.Equal(400, answer.Status);
        Assert.Equal("0", answer.Headers["Content-Length"]);
        Assert.Empty(answer.Body);
    }

    [Fact]
    public async Task ARefusalAfterAGoodPipelinedRequestIsRewrittenAndTheGoodOneIsNot()
    {
        await using var on = await StartAsync();
        await using var off = await StartAsync("Server:RewriteKestrelRejections=false");
        const string Requests = "GET /v1/users/1/recommendations HTTP/1.1\r\nHost: localhost\r\n\r\nGET /v1/items/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n";
        var rewritten = WithoutDate(await RawHttp.ExchangeAsync(on.BaseUrl, Requests, Ct));
        var empty = WithoutDate(await RawHttp.ExchangeAsync(off.BaseUrl, Requests, Ct));
        var second = empty.IndexOf("HTTP/1.1 400 ", StringComparison.Ordinal);
        Assert.True(second > 0, empty);
        Assert.StartsWith(empty[..second], rewritten, StringComparison.Ordinal);
        Assert.EndsWith("Content-Length: 0\r\nConnection: close\r\n\r\n", empty, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", rewritten[second..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheSwitchOffKestrelsOwnRefusalKeepsItsEmptyBody()
    {
        await using var host = await StartAsync("Server:RewriteKestrelRejections=false");
        var answer = await RawHttp.SendAsync(host.BaseUrl, "GET /v1/items/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n", Ct);
        Assert.Equal(400, answer.Status);
        Assert.Equal("0", answer.Headers["Content-Length"]);
        Assert.Empty(answer.Body);
    }

    [Fact]
    public async Task PipelinedGoodRequestsAndLargeResponsesPassThroughByteForByte()
    {
        await using var on = await StartAsync();
        await using var off = await StartAsync("Server:RewriteKestrelRejections=false");
        // A pipelined pair of small answers, an error the service writes itself (404 problem+json), and a large one
        // (the OpenAPI document, several flushes).
        const string Requests =
            "GET /v1/users/1/recommendations HTTP/1.1\r\nHost: localhost\r\n\r\n" +
            "GET /v1/users/2/recommendations HTTP/1.1\r\nHost: localhost\r\n\r\n" +
            "GET /v1/nothing/here HTTP/1.1\r\nHost: localhost\r\n\r\n" +
            "GET /openapi/v1.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        var through = WithoutDate(await RawHttp.ExchangeAsync(on.BaseUrl, Requests, Ct));
        var plain = WithoutDate(await RawHttp.ExchangeAsync(off.BaseUrl, Requests, Ct));
        Assert.Equal(4, Regex.Count(plain, "^HTTP/1.1 ", RegexOptions.Multiline));
        Assert.True(plain.Length > 10_000, $"{plain.Length} bytes");
        Assert.Equal(plain, through);
    }

    [Fact]
    public async Task ALargeMetricsAnswerPassesThroughWhole()
    {
        await using var host = await StartAsync();
        using (await host.Client.GetAsync("/v1/users/1/recommendations", Ct))
        {
        }

        var answer = await RawHttp.SendAsync(host.BaseUrl, "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", Ct);
        Assert.Equal(200, answer.Status);
        Assert.True(answer.Body.Length > 4096, $"{answer.Body.Length} chars");
        if (answer.Headers.TryGetValue("Content-Length", out var length))
        {
            Assert.Equal(length, answer.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Contains("http_requests_received_total", answer.Body, StringComparison.Ordinal);
    }

    /// <summary>The answers less what differs between two servers: the date and the connection id in trace_id.</summary>
    private static string WithoutDate(string answers) => TraceId().Replace(DateHeader().Replace(answers, ""), "\"trace_id\":\"$1\"");

    [GeneratedRegex("Date: [^\r]*\r\n")]
    private static partial Regex DateHeader();

    [GeneratedRegex("\"trace_id\":\"[^:\"]*:([^\"]*)\"")]
    private static partial Regex TraceId();

    private static string? MediaType(RawHttp.Answer answer) =>
        answer.Headers.TryGetValue("Content-Type", out var type) ? type.Split(';')[0] : null;

    private Task<ServiceHost> StartAsync(params string[] settings) =>
        ServiceHost.StartAsync([$"Artifacts:Location={_artifacts.Directory}", .. settings], realPort: true);
}
