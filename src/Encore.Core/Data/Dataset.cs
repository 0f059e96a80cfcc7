using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Data;

/// <summary>
/// What the models train on: the user and item id maps and the train user×item matrix, with explicit shapes
/// (docs/seed.md §9.11). Items are every item of items.parquet, so an item never listened to in train still has a
/// column; users are the users with train events, so every row has at least one item.
/// </summary>
public sealed class Dataset
{
    private Dataset(IdMap users, IdMap items, SparseMatrix playCounts, SparseMatrix userItems, InteractionValues values)
    {
        Users = users;
        Items = items;
        PlayCounts = playCounts;
        UserItems = userItems;
        Values = values;
    }

    /// <summary>External user id ↔ row.</summary>
    public IdMap Users { get; }

    /// <summary>External item id ↔ column.</summary>
    public IdMap Items { get; }

    /// <summary>Users×items train play counts (what top-popular and the similarity candidates use).</summary>
    public SparseMatrix PlayCounts { get; }

    /// <summary>Users×items train matrix with values per <see cref="Values"/> (what ALS fits); shares ids with <see cref="PlayCounts"/>.</summary>
    public SparseMatrix UserItems { get; }

    public InteractionValues Values { get; }

    /// <summary>
    /// Builds the dataset from train events and the catalogue's item ids.
    /// </summary>
    /// <param name="train">Train events (external ids).</param>
    /// <param name="catalogItemIds">Every item id of the catalogue, in any order.</param>
    /// <param name="values">How play counts become matrix values.</param>
    /// <param name="eventsName">Names the events in errors (the file).</param>
    /// <exception cref="EncoreException">An event's item is not in the catalogue.</exception>
    public static Dataset Build(EventLog train, ReadOnlySpan<int> catalogItemIds, InteractionValues values, string eventsName = "events")
    {
        ArgumentNullException.ThrowIfNull(train);
        if (!Enum.IsDefined(values))
        {
            throw new EncoreException($"Unknown interaction value mode '{values}'.");
        }

        var items = IdMap.FromIds(catalogItemIds);
        var users = IdMap.FromIds(DistinctSorted(train.Users));
        var rows = new int[train.Count];
        var columns = new int[train.Count];
        // Every user is in the map made from them; an item may be missing from the catalogue, and the first one is named.
        users.ToInternalParallel(train.Users, rows);
        var unknown = items.ToInternalParallel(train.Items, columns);
        if (unknown >= 0)
        {
            throw new EncoreException(
                $"{eventsName}: column '{Columns.ItemId}' holds item {train.Items[unknown]}, which is not in {FileNames.Items}.");
        }

        var counts = InteractionMatrix.Build(users.Count, items.Count, rows, columns, default, InteractionValues.PlayCount);
        return new Dataset(users, items, counts, InteractionMatrix.FromCounts(counts, values), values);
    }

    /// <summary>
    /// Reads items.parquet and events.parquet from <paramref name="dataDirectory"/> and builds the dataset from the
    /// events before <paramref name="splitDate"/>.
    /// </summary>
    public static Dataset Read(string dataDirectory, DateOnly splitDate, InteractionValues values, CancellationToken cancellationToken = default)
    {
        var eventsPath = Path.Combine(dataDirectory, FileNames.Events);
        var itemIds = ItemsFileReader.ReadItemIds(Path.Combine(dataDirectory, FileNames.Items));
        var train = EventLog.Read(eventsPath, cancellationToken).SplitAt(splitDate).Train;
        cancellationToken.ThrowIfCancellationRequested();
        return Build(train, itemIds, values, eventsPath);
    }

    /// <summary>Train plays of every item (column sums of <see cref="PlayCounts"/>).</summary>
    public long[] ItemPlays()
    {
        var plays = new long[Items.Count];
        var indices = PlayCounts.Indices;
        var counts = PlayCounts.Values;
        for (var k = 0; k < indices.Length; k++)
        {
            plays[indices[k]] += (long)counts[k];
        }

        return plays;
    }

    /// <summary>Distinct train listeners of every item (stored cells per column).</summary>
    public long[] ItemUsers()
    {
        var listeners = new long[Items.Count];
        foreach (var item in PlayCounts.Indices)
        {
            listeners[item]++;
        }

        return listeners;
    }

    // A bitmap over the id range when it is small (user ids are dense-ish), so 74M events need no 74M-long sort.
    private static long[] DistinctSorted(int[] ids)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        int min = int.MaxValue, max = int.MinValue;
        foreach (var id in ids)
        {
            min = Math.Min(min, id);
            max = Math.Max(max, id);
        }

        var range = (long)max - min + 1;
        if (range > 4L * ids.Length + 1024)
        {
            var sorted = IdMap.FromIds(ids);
            return sorted.ExternalIds.ToArray();
        }

        var seen = new bool[range];
        var distinct = 0;
        foreach (var id in ids)
        {
            ref var s = ref seen[id - min];
            if (!s)
            {
                s = true;
                distinct++;
            }
        }

        var result = new long[distinct];
        var at = 0;
        for (var i = 0; i < seen.Length; i++)
        {
            if (seen[i])
            {
                result[at++] = (long)min + i;
            }
        }

        return result;
    }
}
