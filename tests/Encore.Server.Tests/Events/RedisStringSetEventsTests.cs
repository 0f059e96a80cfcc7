using System.Buffers.Binary;
using System.Globalization;
using Encore.Core.Data.Interactions;
using Encore.Server.Tests.Serving;
using StackExchange.Redis;

namespace Encore.Server.Tests.Events;

/// <summary>
/// Redis: events outlive reloads and restarts, so a string set's must be kept under keys a retrained set keeps. Also
/// pins what lands in Redis: a string set's listener and track by stable key, an integer set's by its ids as always.
/// </summary>
public sealed class RedisStringSetEventsTests(RedisFixture redis) : StringSetEventsTests
{
    private readonly string _prefix = $"encore-test:{Guid.NewGuid():N}:";

    protected override string[] StoreSettings() =>
        ["Events:Store=redis", $"Events:Redis:ConnectionString={redis.RequireEndpoint()}", $"Events:Redis:KeyPrefix={_prefix}"];

    [Fact]
    public async Task AStringSetsEventIsKeptUnderTheStableKeysOfTheListenerAndTrack()
    {
        using var artifacts = new TempDirectory();
        TinyStringArtifacts.Write(artifacts.Path, retrained: false);
        await using (var host = await ServiceHost.StartAsync([$"Artifacts:Location={artifacts.Path}", .. StoreSettings()]))
        {
            await PostAsync(host, "bob", "mbid:dirge");
        }

        var value = Assert.Single(await ReadAsync(_prefix + StableKey.Of("bob").ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(StableKey.Of("mbid:dirge"), BinaryPrimitives.ReadInt64LittleEndian(value));
    }

    [Fact]
    public async Task AnIntegerSetsEventIsKeptUnderItsIdsAsBefore()
    {
        using var artifacts = new TinyArtifacts();
        await using (var host = await ServiceHost.StartAsync([$"Artifacts:Location={artifacts.Directory}", .. StoreSettings()]))
        {
            await host.Client.SendAsync(
                new HttpRequestMessage(HttpMethod.Post, "/v1/users/617032/events") { Content = new StringContent("""{"item_id": 60}""", System.Text.Encoding.UTF8, "application/json") },
                System.Net.HttpStatusCode.Created);
        }

        var value = Assert.Single(await ReadAsync(_prefix + "617032"));
        Assert.Equal(16, value.Length);
        Assert.Equal(60, BinaryPrimitives.ReadInt64LittleEndian(value));
    }

    private async Task<byte[][]> ReadAsync(string key)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.RequireEndpoint());
        return [.. (await connection.GetDatabase().ListRangeAsync(key)).Select(v => (byte[])v!)];
    }
}
