using System.Collections.Concurrent;
using System.Text.Json;

namespace Encore.Core.Config;

/// <summary>
/// The one spelling of every enum-valued option: the member name in snake_case (<c>AlphaTimesValue</c> →
/// <c>alpha_times_value</c>, <c>LambdaRank</c> → <c>lambda_rank</c>). CLI flags, encore.json, manifest.json,
/// ranker.json and the step records all read and write these names; docs/encore.json lists them.
/// </summary>
/// <remarks>Spellings written by earlier versions are translated once, when a file is read (<see cref="LegacySpellings"/>).</remarks>
public static class OptionValues
{
    private static readonly ConcurrentDictionary<Type, string[]> s_names = new();

    /// <summary>The spelling of <paramref name="value"/>.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => Name(typeof(TEnum), value);

    /// <summary>The spelling of <paramref name="value"/>, a member of <paramref name="enumType"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a named member.</exception>
    public static string Name(Type enumType, object value)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        var member = Enum.GetName(enumType, value)
            ?? throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a named {enumType.Name}.");
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(member);
    }

    /// <summary>Every spelling of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Names<TEnum>()
        where TEnum : struct, Enum => Names(typeof(TEnum));

    /// <summary>Every spelling of <paramref name="enumType"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Names(Type enumType) =>
        s_names.GetOrAdd(enumType, type => [.. Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)]);

    /// <summary>The member spelled <paramref name="text"/> (exactly, as <see cref="Name{TEnum}"/> writes it), if any.</summary>
    public static bool TryParse(Type enumType, string? text, out object? value)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        var names = Names(enumType);
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], text, StringComparison.Ordinal))
            {
                value = Enum.GetValues(enumType).GetValue(i);
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>The member spelled <paramref name="text"/>.</summary>
    /// <param name="text">The value as given.</param>
    /// <param name="parameter">The flag or key it was given for, as the error should name it (<c>--values</c>, <c>manifest.json: values</c>).</param>
    /// <exception cref="EncoreException"><paramref name="text"/> is not one of the spellings; the message lists them.</exception>
    public static TEnum Parse<TEnum>(string? text, string parameter)
        where TEnum : struct, Enum =>
        TryParse(typeof(TEnum), text, out var value)
            ? (TEnum)value!
            : throw new EncoreException($"{parameter}: '{text}' is not one of {Describe<TEnum>()}.");

    /// <summary>The spellings in words: <c>binary, play_count or bm25</c>.</summary>
    public static string Describe<TEnum>()
        where TEnum : struct, Enum
    {
        var names = Names<TEnum>();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
    }
}
