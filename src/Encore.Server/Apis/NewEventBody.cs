using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Encore.Server.Apis;

/// <summary>A parsed POST /v1/users/{id}/events body: the track (its int id, <see cref="ExternalIds.Unknown"/> when a string id is not in the set) and the time.</summary>
internal sealed record ParsedEvent(ExternalId Item, DateTimeOffset? Timestamp);

/// <summary>
/// Parses the body of <c>POST /v1/users/{id}/events</c> into a <see cref="NewEvent"/>, naming what is wrong: the body
/// (not JSON, not an object), <c>item_id</c> (missing, not an integer, out of range) or <c>timestamp</c> (not an ISO
/// 8601 date-time). It accepts what the JSON binding did: property names in any case, an id as a number or a numeric
/// string, unknown properties ignored. On a set of string track ids <c>item_id</c> is the track's original id (a
/// string; a number is taken as its digits), looked up in the set's map.
/// </summary>
internal static class NewEventBody
{
    public const string Expected = "a JSON object such as {\"item_id\": 99262, \"timestamp\": \"2022-12-20T10:00:00Z\"} (timestamp optional)";

    private const string ItemId = "item_id";
    private const string Timestamp = "timestamp";

    public static bool TryParse(byte[] body, ExternalIds ids, [NotNullWhen(true)] out ParsedEvent? parsed, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        parsed = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            problem = JsonRequestBody.Invalid(JsonRequestBody.Field, $"The body is not valid JSON ({e.Message}); expected {Expected}.");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = JsonRequestBody.Invalid(JsonRequestBody.Field, $"The body is {Kind(root)}; expected {Expected}.");
                return false;
            }

            JsonElement? item = null;
            JsonElement? timestamp = null;
            foreach (var property in root.EnumerateObject())
            {
                // The last of repeated names wins, as with the serializer.
                if (property.Name.Equals(ItemId, StringComparison.OrdinalIgnoreCase))
                {
                    item = property.Value;
                }
                else if (property.Name.Equals(Timestamp, StringComparison.OrdinalIgnoreCase))
                {
                    timestamp = property.Value;
                }
            }

            var errors = new Dictionary<string, string>();
            var itemId = ids.ItemsAreStrings ? ParseOriginalItem(item, ids, errors) : ParseItem(item, errors);
            var when = ParseTimestamp(timestamp, errors);
            if (errors.Count > 0)
            {
                problem = RequestParameters.Rejected(StatusCodes.Status400BadRequest, "Invalid request body", errors);
                return false;
            }

            parsed = new ParsedEvent(itemId ?? default, when);
            problem = null;
            return true;
        }
    }

    private static ExternalId? ParseOriginalItem(JsonElement? value, ExternalIds ids, Dictionary<string, string> errors)
    {
        var text = value switch
        {
            { ValueKind: JsonValueKind.String } element => element.GetString(),
            { ValueKind: JsonValueKind.Number } element => element.GetRawText(),
            _ => null,
        };
        if (!string.IsNullOrWhiteSpace(text))
        {
            return ids.ItemFromText(text);
        }

        errors[ItemId] = value is not { ValueKind: not JsonValueKind.Null } element2
            ? $"'{ItemId}' is required: the id of the track played."
            : $"'{ItemId}' must be a track id (a string); got {Kind(element2)}.";
        return null;
    }

    private static ExternalId? ParseItem(JsonElement? value, Dictionary<string, string> errors)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } element)
        {
            errors[ItemId] = $"'{ItemId}' is required: the integer id of the track played.";
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            return new ExternalId(number);
        }

        if (element.ValueKind == JsonValueKind.String
            && long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return new ExternalId(number);
        }

        errors[ItemId] = element.ValueKind == JsonValueKind.Number
            ? $"'{ItemId}' must be an integer id between {long.MinValue} and {long.MaxValue}; got {JsonRequestBody.Shorten(element.GetRawText())}."
            : $"'{ItemId}' must be an integer id; got {Kind(element)}.";
        return null;
    }

    private static DateTimeOffset? ParseTimestamp(JsonElement? value, Dictionary<string, string> errors)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } element)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var when))
        {
            return when;
        }

        errors[Timestamp] = $"'{Timestamp}' must be an ISO 8601 date-time such as \"2022-12-20T10:00:00Z\"; got {Kind(element)}.";
        return null;
    }

    // What a value was, for a message: its kind, and a short quote of a string or a number.
    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{JsonRequestBody.Shorten(element.GetString())}\"",
        JsonValueKind.Number => $"the number {JsonRequestBody.Shorten(element.GetRawText())}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        _ => "null",
    };
}
