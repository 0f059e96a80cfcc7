using Encore.Core.Serving;

namespace Encore.Server.Apis;

/// <summary>
/// A track in a REST response: its id, a score where the list has one, with details=true its name, artists and
/// genres, and with explain=true why it is in the list.
/// </summary>
public sealed record ItemView(
    ExternalId ItemId, double? Score = null, string? Name = null, IReadOnlyList<string>? Artists = null, IReadOnlyList<string>? Genres = null,
    ExplanationView? Explanation = null)
{
    /// <summary>Views of <paramref name="items"/>, with details from <paramref name="catalog"/> when asked for.</summary>
    public static ItemView[] Of(ReadOnlySpan<int> items, ReadOnlySpan<double> scores, ItemCatalog catalog, bool details, ExternalIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var views = new ItemView[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            double? score = scores.IsEmpty ? null : scores[i];
            views[i] = details && catalog.Find(items[i]) is { } found
                ? new ItemView(ids.Item(items[i]), score, found.Name, found.Artists, found.Genres)
                : new ItemView(ids.Item(items[i]), score);
        }

        return views;
    }
}
