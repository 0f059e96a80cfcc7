#:project ../../src/Encore.Server/Encore.Server.csproj
#:property PublishAot=false

// Bytes per listener of the in-memory events store, the figure Events:Memory:MaxListeners is sized by: the managed
// heap after filling N listeners with `events` events each, less the heap before, over N.
// Usage: dotnet run bench/chaos/events-memory.cs -- [listeners=1000000] [events per listener=10] [capacity=10]
using System.Diagnostics;
using Encore.Server.Events;

var listeners = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var perListener = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
var capacity = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;

var before = GC.GetTotalMemory(forceFullCollection: true);
var rssBefore = Process.GetCurrentProcess().WorkingSet64;
var store = new InMemoryEventStore(capacity, maxListeners: listeners);
var now = DateTimeOffset.UtcNow;
for (var user = 0L; user < listeners; user++)
{
    for (var i = 0; i < perListener; i++)
    {
        await store.AddAsync((user * 2) + 1, new UserEvent((97 * i) + 11, now));
    }
}

var after = GC.GetTotalMemory(forceFullCollection: true);
var rssAfter = Process.GetCurrentProcess().WorkingSet64;
GC.KeepAlive(store);
Console.WriteLine($"listeners={listeners} events/listener={perListener} capacity={capacity}");
Console.WriteLine($"managed heap: {(after - before) / (double)listeners:F1} B/listener ({(after - before) / 1e6:F0} MB)");
Console.WriteLine($"RSS growth:   {(rssAfter - rssBefore) / (double)listeners:F1} B/listener ({(rssAfter - rssBefore) / 1e6:F0} MB)");
