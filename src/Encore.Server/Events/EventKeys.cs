using Encore.Core.Data.Interactions;
using Encore.Core.Serving;

namespace Encore.Server.Events;

/// <summary>
/// The ids the event store keeps a served set's events under, and back. Integer ids are their own keys, as the store
/// always held them. On a set trained on string ids, listeners and tracks are kept under the <see cref="StableKey"/>
/// of their original strings rather than the set's dense ids, which are the sorted order of one log's ids: a set
/// retrained on a log with new listeners or tracks numbers them anew, while the keys stay, so stored events keep
/// belonging to the same listener and track across reloads, rollouts and restarts.
/// </summary>
/// <remarks>
/// A listener who is not in the set's map is identified by its key itself (<c>ExternalIds</c> parses the id to it), so
/// it has events of its own, as an unknown integer id has. Stored tracks the set does not have (dropped from the
/// catalogue by a retraining) are left out of what <see cref="Items"/> reads, as an unknown track id is left out of an
/// online history.
/// </remarks>
public sealed class EventKeys
{
    private static readonly EventKeys s_integers = new(null, null);

    private readonly IdMap? _users;
    private readonly IdMap? _items;

    private EventKeys(IdMap? users, IdMap? items)
    {
        _users = users;
        _items = items;
    }

    /// <summary>The keys of <paramref name="set"/>'s ids; integers are their own when it is null (nothing loaded).</summary>
    public static EventKeys Of(ServingSet? set) =>
        set?.UserIds is null && set?.ItemIds is null ? s_integers : new EventKeys(set.UserIds, set.ItemIds);

    /// <summary>
    /// The key of user <paramref name="userId"/>: on a string set the stable key of its original, or the id itself when
    /// it is one already (a listener outside the map); the id itself on an integer set.
    /// </summary>
    public long User(long userId) =>
        _users is not null && userId >= 0 && userId < _users.Count ? StableKey.Of(_users.ToOriginal((int)userId)) : userId;

    /// <summary>The key of track <paramref name="itemId"/> (one of the set's; the id itself on an integer set).</summary>
    public long Item(long itemId) =>
        _items is not null && itemId >= 0 && itemId < _items.Count ? StableKey.Of(_items.ToOriginal((int)itemId)) : itemId;

    /// <summary>
    /// The set's track ids of <paramref name="events"/>, in order: each stored key turned back into the set's id, those
    /// it does not have left out; on an integer set the stored ids as they are.
    /// </summary>
    public long[] Items(IReadOnlyList<UserEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var index = _items?.StableKeys;
        var items = new long[events.Count];
        var kept = 0;
        foreach (var stored in events)
        {
            if (index is null)
            {
                items[kept++] = stored.ItemId;
            }
            else if (index.TryGet(stored.ItemId, out var item))
            {
                items[kept++] = item;
            }
        }

        return kept == items.Length ? items : items[..kept];
    }

    /// <summary>As <see cref="Items"/>, keeping each event's time.</summary>
    public IReadOnlyList<UserEvent> Translate(IReadOnlyList<UserEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_items is null)
        {
            return events;
        }

        var index = _items.StableKeys;
        var translated = new List<UserEvent>(events.Count);
        foreach (var stored in events)
        {
            if (index.TryGet(stored.ItemId, out var item))
            {
                translated.Add(stored with { ItemId = item });
            }
        }

        return translated;
    }
}
