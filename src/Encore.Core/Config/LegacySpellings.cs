namespace Encore.Core.Config;

/// <summary>
/// manifest.json parameters as versions before the one vocabulary (issue 13) wrote them, and what they are now:
/// a published artifact set keeps serving and can be re-ranked, and whatever is written again uses the new names.
/// encore.json, ranker.json and the step records already used today's spellings.
/// </summary>
public static class LegacySpellings
{
    /// <summary>Old manifest parameter keys and their names now.</summary>
    private static readonly Dictionary<string, string> s_keys = new(StringComparer.Ordinal)
    {
        ["recs"] = "recommendations",
    };

    /// <summary>Old values of a manifest parameter (by its name now) and their spellings now.</summary>
    private static readonly Dictionary<(string Key, string Value), string> s_values = new()
    {
        [("confidence", "alpha")] = "alpha_times_value",
        [("confidence", "1+alpha")] = "one_plus_alpha_times_value",
        [("values", "plays")] = "play_count",
        [("solver", "ConjugateGradient")] = "conjugate_gradient",
        [("solver", "Cholesky")] = "cholesky",
        [("ranker_objective", "LambdaRank")] = "lambda_rank",
        [("ranker_objective", "Binary")] = "binary",
    };

    /// <summary>Every (key, old value, new value) of the table, for tests and docs.</summary>
    public static IEnumerable<(string Key, string Old, string New)> Values =>
        s_values.Select(pair => (pair.Key.Key, pair.Key.Value, pair.Value));

    /// <summary>Every (old key, new key) of the table.</summary>
    public static IEnumerable<(string Old, string New)> Keys => s_keys.Select(pair => (pair.Key, pair.Value));

    /// <summary>The parameter's name now.</summary>
    public static string Key(string key) => s_keys.GetValueOrDefault(key, key);

    /// <summary>The parameter's value now: old spellings translated, anything else (numbers, today's names) unchanged.</summary>
    public static object Value(string key, object value) =>
        value is string text && s_values.TryGetValue((Key(key), text), out var now) ? now : value;
}
