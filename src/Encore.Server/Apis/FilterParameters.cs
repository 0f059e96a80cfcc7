using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Encore.Core.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Encore.Server.Apis;

/// <summary>
/// Parses a REST request's <c>exclude</c>, <c>genres</c> and <c>artists</c> into an <see cref="ItemFilter"/>, with
/// the same 400 problem+json as <see cref="RequestParameters"/> for a bad value. <c>exclude</c> and <c>genres</c> take
/// comma-separated values, <c>artists</c> one name per parameter (repeat it), since artist names hold commas
/// ("Earth, Wind &amp; Fire"); each parameter may be repeated. Genres and artists are names, as the catalogue holds
/// them (items.parquet), matched case-insensitively.
/// </summary>
internal static class FilterParameters
{
    public const string Exclude = "exclude";
    public const string Genres = "genres";
    public const string Artists = "artists";

    /// <summary>
    /// Builds the filter; <see cref="ItemFilter.None"/> when no parameter is given. <paramref name="catalog"/>, the
    /// served catalogue, is asked for only when genres or artists are given.
    /// </summary>
    public static bool TryParse(
        string[]? exclude, string[]? genres, string[]? artists, int maxValues, ExternalIds ids, Func<ItemCatalog> catalog,
        out ItemFilter filter, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        filter = ItemFilter.None;
        exclude ??= [];
        genres ??= [];
        artists ??= [];
        if (!TrySplit(exclude, Exclude, split: true, maxValues, out var excludeValues, out problem)
            || !TrySplit(genres, Genres, split: true, maxValues, out var genreNames, out problem)
            || !TrySplit(artists, Artists, split: false, maxValues, out var artistNames, out problem)
            || !TryIds(excludeValues, ids, out var excluded, out problem))
        {
            return false;
        }

        if (excluded.Length == 0 && genreNames.Count == 0 && artistNames.Count == 0)
        {
            return true;
        }

        var served = genreNames.Count == 0 && artistNames.Count == 0 ? ItemCatalog.Empty : catalog();
        var tags = genreNames.Count == 0 && artistNames.Count == 0 ? null : served.Tags;
        if (!TryTags(genreNames, Genres, "genre", name => tags!.GenreTag(name), served, out var genreTags, out problem)
            || !TryTags(artistNames, Artists, "artist", name => tags!.ArtistTag(name), served, out var artistTags, out problem))
        {
            return false;
        }

        filter = new ItemFilter(served, excluded, genreTags, artistTags);
        return true;
    }

    private static bool TrySplit(
        string[] raw, string name, bool split, int maxValues, out List<string> values, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        values = [];
        problem = null;
        foreach (var parameter in raw)
        {
            foreach (var value in split ? (parameter ?? "").Split(',') : [parameter ?? ""])
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    problem = RequestParameters.Invalid(name, $"Parameter '{name}' has an empty value; give {(split ? "comma-separated values" : "one name per parameter")}, or leave the parameter out.");
                    return false;
                }

                values.Add(value);
            }
        }

        if (values.Count > maxValues)
        {
            problem = RequestParameters.Invalid(name, $"Parameter '{name}' has {values.Count} values; at most {maxValues} are accepted (Recommendations:MaxFilterValues).");
            return false;
        }

        return true;
    }

    private static bool TryIds(List<string> values, ExternalIds external, out long[] ids, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        ids = new long[values.Count];
        problem = null;
        if (external.ItemsAreStrings)
        {
            // A track the set does not know is in no list, so leaving it out changes nothing.
            for (var i = 0; i < values.Count; i++)
            {
                ids[i] = external.ItemFromText(values[i]).Value;
            }

            return true;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!long.TryParse(values[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ids[i]) || ids[i] < 0)
            {
                problem = RequestParameters.Invalid(Exclude, $"Parameter '{Exclude}' must hold non-negative integer track ids; got '{values[i]}'.");
                return false;
            }
        }

        return true;
    }

    private static bool TryTags(
        List<string> names, string parameter, string what, Func<string, int> tagOf, ItemCatalog catalog,
        out int[] tags, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        tags = new int[names.Count];
        problem = null;
        var unknown = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            tags[i] = tagOf(names[i]);
            if (tags[i] < 0)
            {
                unknown.Add($"'{names[i]}'");
            }
        }

        if (unknown.Count == 0)
        {
            return true;
        }

        var why = catalog.Count == 0
            ? "this service has no catalogue (items.parquet) to match names against"
            : $"no track in the catalogue has {(unknown.Count == 1 ? "it" : "them")} (names are matched case-insensitively; GET /v1/items/{{id}} shows a track's)";
        problem = RequestParameters.Invalid(parameter, $"Parameter '{parameter}' names unknown {what}{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown)}: {why}.");
        return false;
    }
}

/// <summary>The OpenAPI descriptions of the filter parameters, shared by every list endpoint.</summary>
internal static class FilterDescriptions
{
    public const string Exclude =
        "Track ids to leave out, comma-separated (or repeat the parameter); the list refills from further down its source. At most Recommendations:MaxFilterValues.";

    public const string Genres =
        "Keep only tracks with at least one of these genre names, comma-separated (or repeat the parameter); case-insensitive; an unknown genre is a 400. At most Recommendations:MaxFilterValues.";

    public const string Artists =
        "Keep only tracks by at least one of these artist names, one per parameter (repeat it: names contain commas); case-insensitive; an unknown artist is a 400. At most Recommendations:MaxFilterValues.";
}
