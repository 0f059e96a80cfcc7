using System.Text.Json;
using System.Text.Json.Nodes;
using Encore.Core.Config;

namespace Encore.Core.Pipeline;

/// <summary>
/// Lays a user's JSON (encore.json or <c>--set key=value</c>) over the defaults: every key must already exist there,
/// and a value must have the same JSON kind as the default it replaces, so a typo or a wrong type is reported with its
/// full key before anything runs.
/// </summary>
internal static class ConfigOverlay
{
    /// <summary>Reads an encore.json file (comments and trailing commas allowed).</summary>
    /// <exception cref="EncoreException">The file is missing, unreadable or not a JSON object.</exception>
    public static JsonObject ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncoreException($"{path}: cannot read the configuration file: {e.Message}", e);
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: ConfigJson.DocumentOptions) as JsonObject
                ?? throw new EncoreException($"{path}: the configuration must be a JSON object {{ \"train\": {{ ... }} }}.");
        }
        catch (JsonException e)
        {
            throw new EncoreException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    /// <summary>Turns <c>train.als.factors=8</c> into <c>{"train":{"als":{"factors":8}}}</c>.</summary>
    /// <remarks>The value is read as JSON when it is JSON (8, true, ["seed","standard"]), else taken as a string (2022-12-01).</remarks>
    /// <exception cref="EncoreException">The text has no '=' or an empty key.</exception>
    public static JsonObject ParseSetting(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        var keys = equals <= 0 ? [] : setting[..equals].Split('.', StringSplitOptions.TrimEntries);
        if (keys.Length == 0 || keys.Any(string.IsNullOrEmpty))
        {
            throw new EncoreException($"--set: '{setting}' is not key=value, e.g. train.als.factors=8.");
        }

        var text = setting[(equals + 1)..];
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            value = JsonValue.Create(text);
        }

        var root = new JsonObject();
        var current = root;
        for (var i = 0; i < keys.Length - 1; i++)
        {
            var child = new JsonObject();
            current[keys[i]] = child;
            current = child;
        }

        current[keys[^1]] = value;
        return root;
    }

    /// <summary>Copies every key of <paramref name="overlay"/> into <paramref name="target"/>, recursing into objects.</summary>
    /// <exception cref="EncoreException">An unknown key or a value of the wrong kind; the message names the key and <paramref name="source"/>.</exception>
    public static void Apply(JsonObject target, JsonObject overlay, string source, string prefix = "")
    {
        foreach (var (key, value) in overlay)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (!target.TryGetPropertyValue(key, out var current))
            {
                var known = string.Join(", ", target.Select(p => p.Key));
                throw new EncoreException($"{source}: unknown key '{path}'; {(prefix.Length == 0 ? "sections" : "keys")} here are {known}.");
            }

            if (current is JsonObject currentObject && value is JsonObject valueObject)
            {
                Apply(currentObject, valueObject, source, path);
                continue;
            }

            if (current is not null && Kind(value) != Kind(current))
            {
                throw new EncoreException($"{source}: '{path}' must be {Kind(current)}, not {(value is null ? "null" : ConfigJson.Compact(value))}.");
            }

            target[key] = value?.DeepClone();
        }
    }

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "a value",
    };
}
