using Encore.Core;

namespace Encore.Benchmarks.Service;

/// <summary>The <c>--name value</c> pairs of a benchmark command, checked against the names it takes.</summary>
internal static class CommandOptions
{
    /// <exception cref="EncoreException">An option the command does not take, or one without a value.</exception>
    public static Dictionary<string, string> Parse(ReadOnlySpan<string> args, string command, params string[] names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (Array.IndexOf(names, args[i]) < 0)
            {
                throw new EncoreException($"{args[i]}: unknown option of {command} (it takes {string.Join(", ", names)}).");
            }

            values[args[i]] = i + 1 < args.Length ? args[i + 1] : throw new EncoreException($"{args[i]}: a value is missing.");
        }

        return values;
    }
}
