#:project ../../src/Encore.Server/Encore.Server.csproj
#:property PublishAot=false

// Reads back every acknowledged write of a bench/chaos/redis-chaos.sh run through the service's own Redis store
// (same key prefix, same decoding): prints "acknowledged=N found=N missing=N".
// Usage: dotnet run bench/chaos/readback.cs -- <host:port> <key prefix> <acks directory>
using System.Collections.Concurrent;
using System.Globalization;
using Encore.Server.Events;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: readback.cs <host:port> <key prefix> <acks directory>");
    return 2;
}

var acknowledged = Directory.EnumerateFiles(args[2], "acks-*.txt")
    .SelectMany(File.ReadLines)
    .Select(line => line.Split(' '))
    .Where(parts => parts.Length == 2)
    .Select(parts => (User: long.Parse(parts[0], CultureInfo.InvariantCulture), Item: long.Parse(parts[1], CultureInfo.InvariantCulture)))
    .ToList();
await using var store = RedisEventStore.Connect(
    new RedisEventStoreOptions { ConnectionString = args[0], KeyPrefix = args[1], OperationTimeout = TimeSpan.FromSeconds(10) }, capacity: 10);
var missing = new ConcurrentBag<long>();
await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (ack, ct) =>
{
    var events = await store.GetAsync(ack.User, 10, ct);
    if (!events.Any(e => e.ItemId == ack.Item))
    {
        missing.Add(ack.User);
    }
});
Console.WriteLine($"acknowledged={acknowledged.Count} found={acknowledged.Count - missing.Count} missing={missing.Count}");
return 0;
