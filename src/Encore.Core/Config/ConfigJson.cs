using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Encore.Core.Config;

/// <summary>
/// The JSON spelling of encore.json (and of ranker.json's and the step records' options): snake_case keys, enums as
/// <see cref="OptionValues"/> spells them, comments and trailing commas allowed, unknown
/// keys and nulls in non-nullable places refused. Computed properties (no setter) are left out, so everything
/// printed can be read back.
/// </summary>
internal static class ConfigJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: true);

    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonSerializerOptions s_compact = Create(indented: false);

    /// <summary>The options object as a JSON object, every property present (nulls included).</summary>
    public static JsonObject ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!.AsObject();

    /// <summary>One line of JSON; the same options always give the same text (properties in declaration order).</summary>
    public static string Compact(JsonNode node) => node.ToJsonString(s_compact);

    /// <summary>Indented with two spaces and "\n" line ends.</summary>
    public static string Indented(JsonNode node) => node.ToJsonString(Options);

    /// <summary>Reads a section into its options type.</summary>
    /// <exception cref="EncoreException">A value has the wrong type; the message names the key and <paramref name="source"/>.</exception>
    public static T Bind<T>(JsonObject section, string sectionName, string source)
    {
        try
        {
            return section.Deserialize<T>(Options) ?? throw new EncoreException($"{source}: '{sectionName}' must be an object.");
        }
        catch (JsonException e)
        {
            var path = (e.Path ?? "$").TrimStart('$').TrimStart('.');
            var key = path.Length == 0 ? sectionName : $"{sectionName}.{path}";
            var value = Find(section, path);
            var shown = value is null ? "null" : Compact(value);
            throw new EncoreException($"{source}: '{key}' must be {Expectation(typeof(T), path)}, not {shown}.", e);
        }
    }

    /// <summary>What a value at <paramref name="path"/> of <paramref name="root"/> may be, in words.</summary>
    internal static string Expectation(Type root, string path)
    {
        var type = root;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            JsonPropertyInfo? property = null;
            foreach (var candidate in Options.GetTypeInfo(type).Properties)
            {
                if (candidate.Name == name)
                {
                    property = candidate;
                    break;
                }
            }

            if (property is null)
            {
                break;
            }

            type = property.PropertyType;
            if (bracket >= 0)
            {
                type = ElementType(type);
            }
        }

        return Describe(type);
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return $"one of {string.Join(", ", OptionValues.Names(type))}";
        }

        if (type == typeof(DateOnly))
        {
            return "a date in the form yyyy-MM-dd";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return "a whole number";
        }

        if (type == typeof(float) || type == typeof(double))
        {
            return "a number";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(string))
        {
            return "a string";
        }

        return type != ElementType(type) ? $"a list of {Plural(Describe(ElementType(type)))}" : "an object";
    }

    private static string Plural(string noun) => noun switch
    {
        "a whole number" => "whole numbers",
        "a string" => "strings",
        "a number" => "numbers",
        _ => noun,
    };

    private static Type ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType()!;
        }

        foreach (var face in type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces())
        {
            if (face.IsGenericType && face.GetGenericTypeDefinition() == typeof(IEnumerable<>) && type != typeof(string))
            {
                return face.GetGenericArguments()[0];
            }
        }

        return type;
    }

    private static JsonNode? Find(JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            current = current?[bracket < 0 ? segment : segment[..bracket]];
            if (bracket >= 0 && current is JsonArray array && int.TryParse(segment[(bracket + 1)..^1], out var index) && index < array.Count)
            {
                current = array[index];
            }
        }

        return current;
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            WriteIndented = indented,
            IndentSize = 2,
            NewLine = "\n",
            // Paths and sizes such as "6GB" are printed as written, not \u-escaped.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new OptionValueConverter() },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropComputedProperties } },
        };
        options.MakeReadOnly();
        return options;
    }

    // AlsOptions.EffectiveThreads and the like describe the machine, not the configuration: they would be printed
    // and then refused when read back.
    private static void DropComputedProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Set is null)
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
