using System.Collections.Concurrent;
using Encore.Server.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Encore.Server.Tests.Events;

/// <summary>
/// A stand-in for the events role of a split deployment: the seed's two endpoints over an
/// <see cref="InMemoryEventStore"/>, on 127.0.0.1 with a port of its own. It counts requests per path and can be
/// told to fail or stall some of them.
/// </summary>
internal sealed class EventsPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();

    private EventsPeer(int capacity, string pathPrefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        var store = new InMemoryEventStore(capacity);
        _app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            _requests.AddOrUpdate(path, 1, static (_, n) => n + 1);
            if (_failures.TryGetValue(path, out var left) && left > 0 && _failures.TryUpdate(path, left - 1, left))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            if (StallReads > TimeSpan.Zero && path.EndsWith("/get", StringComparison.Ordinal))
            {
                await Task.Delay(StallReads, context.RequestAborted);
            }

            await next(context);
        });
        var api = _app.MapGroup(pathPrefix);
        api.MapPost("/put", async ([FromQuery(Name = "user_id")] long userId, [FromQuery(Name = "item_id")] long itemId) =>
        {
            await store.AddAsync(userId, new UserEvent(itemId, DateTimeOffset.UtcNow));
            return Results.Ok(new { result = "ok" });
        });
        api.MapPost("/get", async ([FromQuery(Name = "user_id")] long userId, [FromQuery(Name = "k")] int? k) =>
        {
            var events = await store.GetAsync(userId, Math.Clamp(k ?? 10, 0, capacity));
            return Results.Ok(new { events = events.Select(e => e.ItemId) });
        });
    }

    /// <summary>The address to configure as Events:Http:BaseUrl.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How long each /get waits before answering.</summary>
    public TimeSpan StallReads { get; set; }

    public static EventsPeer Start(int capacity = 10, string pathPrefix = "")
    {
        var peer = new EventsPeer(capacity, pathPrefix);
        peer._app.Start();
        var address = peer._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        peer.BaseUrl = new Uri(address + pathPrefix);
        return peer;
    }

    /// <summary>Answers the next <paramref name="count"/> requests to <paramref name="path"/> with 503.</summary>
    public void FailNext(string path, int count) => _failures[path] = count;

    public int Requests(string path) => _requests.GetValueOrDefault(path);

    /// <summary>Stops listening: the peer is down, its port refuses connections.</summary>
    public Task StopAsync() => _app.StopAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
