using System.Diagnostics.CodeAnalysis;
using Encore.Core.Data.Interactions;
using Encore.Core.Serving;
using Encore.Server.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Encore.Server.Apis;

/// <summary>
/// The one place where the REST API translates ids: request text → the int ids the served set holds, and int ids →
/// what responses show. On a set trained on string ids (its user_ids.parquet / item_ids.parquet, docs/import.md) the
/// API takes and returns the log's original strings; on a set of integer ids (or none loaded) ids are integers, parsed
/// and answered as they always were.
/// </summary>
/// <remarks>
/// A string track id the set does not know parses to <see cref="Unknown"/>, an int id no set has, so it is answered
/// as an unknown integer track id is (404), named by its text. A string listener id the set does not know parses to
/// its <see cref="StableKey"/>, an int id no set's files hold and the key its events are kept under
/// (<see cref="EventKeys"/>), so it is answered as an unknown integer listener id is: the chart, and online
/// recommendations from the events it posts.
/// </remarks>
public sealed class ExternalIds
{
    /// <summary>The int id of a string track id that is not in the set's map: no set's file holds it.</summary>
    public const long Unknown = long.MinValue;

    private readonly IdMap? _users;
    private readonly IdMap? _items;

    private ExternalIds(IdMap? users, IdMap? items, EventKeys eventKeys)
    {
        _users = users;
        _items = items;
        EventKeys = eventKeys;
    }

    /// <summary>The ids of <paramref name="set"/>; integers when it is null (nothing loaded, or a role that loads no set).</summary>
    public static ExternalIds Of(ServingSet? set) => new(set?.UserIds, set?.ItemIds, EventKeys.Of(set));

    /// <summary>The keys the same set's events are stored under.</summary>
    public EventKeys EventKeys { get; }

    /// <summary>Whether the set was trained on string user or item ids (the seed's integer API cannot serve it).</summary>
    public bool AreStrings => _users is not null || _items is not null;

    /// <summary>Whether the set's user ids are strings.</summary>
    public bool UsersAreStrings => _users is not null;

    /// <summary>Whether the set's track ids are strings.</summary>
    public bool ItemsAreStrings => _items is not null;

    /// <summary>A required user id: an integer, or on a string set any non-blank text (its <see cref="StableKey"/> when not in the map).</summary>
    public bool TryUser(string? raw, string name, out ExternalId user, [NotNullWhen(false)] out ValidationProblem? problem) =>
        TryParse(_users, raw, name, "user", LookupUser, out user, out problem);

    /// <summary>A required track id, as <see cref="TryUser"/>.</summary>
    public bool TryItem(string? raw, string name, out ExternalId item, [NotNullWhen(false)] out ValidationProblem? problem) =>
        TryParse(_items, raw, name, "track", Lookup, out item, out problem);

    /// <summary>A track id from a JSON body's text (a string, or a number's digits): <see cref="Unknown"/> when not in the map.</summary>
    public ExternalId ItemFromText(string text) => Lookup(_items!, text);

    /// <summary>The user with int id <paramref name="id"/>, as responses show it.</summary>
    public ExternalId User(long id) => Show(_users, id);

    /// <summary>The track with int id <paramref name="id"/>, as responses show it.</summary>
    public ExternalId Item(long id) => Show(_items, id);

    private static bool TryParse(
        IdMap? map, string? raw, string name, string what, Func<IdMap, string, ExternalId> lookup, out ExternalId id,
        [NotNullWhen(false)] out ValidationProblem? problem)
    {
        if (map is null)
        {
            var parsed = RequestParameters.TryId(raw, name, out var value, out problem);
            id = new ExternalId(value);
            return parsed;
        }

        id = default;
        if (string.IsNullOrWhiteSpace(raw))
        {
            problem = RequestParameters.Invalid(name, $"Parameter '{name}' is required: a {what} id.");
            return false;
        }

        id = lookup(map, raw);
        problem = null;
        return true;
    }

    private static ExternalId Lookup(IdMap map, string text) =>
        new(map.TryFromOriginal(text, out var id) ? id : Unknown, text);

    // A listener outside the map is its stable key: an id of its own, under which its events are kept.
    private static ExternalId LookupUser(IdMap map, string text) =>
        new(map.TryFromOriginal(text, out var id) ? id : StableKey.Of(text), text);

    private static ExternalId Show(IdMap? map, long id) =>
        map is not null && id >= 0 && id < map.Count ? new ExternalId(id, map.ToOriginal((int)id)) : new ExternalId(id);
}
