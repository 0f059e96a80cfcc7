namespace Encore.Core.Data.Import;

/// <summary>The field separators import accepts, and how <c>auto</c> picks one.</summary>
public static class CsvSeparator
{
    /// <summary>Read the separator off the file's first line.</summary>
    public const char Auto = '\0';

    private static readonly char[] s_candidates = [',', '\t', ';'];

    /// <summary>Parses the <c>--sep</c> value: <c>auto</c>, <c>,</c>, <c>;</c>, a tab, or the text <c>\t</c> / <c>tab</c>.</summary>
    /// <exception cref="EncoreException">Any other value.</exception>
    public static char Parse(string text) => text switch
    {
        "auto" => Auto,
        "," or "comma" => ',',
        ";" or "semicolon" => ';',
        "\t" or "\\t" or "tab" => '\t',
        _ => throw new EncoreException($"--sep must be auto, ',', ';' or '\\t' (tab), got '{text}'."),
    };

    /// <exception cref="EncoreException"><paramref name="separator"/> is not auto, comma, tab or semicolon.</exception>
    public static void Check(char separator)
    {
        if (separator != Auto && Array.IndexOf(s_candidates, separator) < 0)
        {
            throw new EncoreException($"--sep must be auto, ',', ';' or '\\t' (tab), got '{separator}'.");
        }
    }

    /// <summary>
    /// The separator of <paramref name="path"/>: <paramref name="separator"/> itself unless it is
    /// <see cref="Auto"/>; then whichever of tab, comma and semicolon occurs most often in the first non-blank line.
    /// A line with none of them (a single column) cannot hold a user and an item.
    /// </summary>
    /// <exception cref="EncoreException">The file is missing or empty, or auto finds no separator.</exception>
    public static char Resolve(string path, char separator, string option)
    {
        if (!File.Exists(path))
        {
            throw new EncoreException($"{option}: file '{path}' does not exist.");
        }

        string? first = null;
        foreach (var line in File.ReadLines(path))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                first = line;
                break;
            }
        }

        if (first is null)
        {
            throw new EncoreException($"{option}: file '{path}' is empty.");
        }

        if (separator != Auto)
        {
            return separator;
        }

        var best = Auto;
        var bestCount = 0;
        foreach (var candidate in s_candidates)
        {
            var count = first.AsSpan().Count(candidate);
            if (count > bestCount)
            {
                (best, bestCount) = (candidate, count);
            }
        }

        if (best == Auto)
        {
            throw new EncoreException(
                $"{option}: cannot tell the separator of '{path}': its first line has no comma, tab or semicolon. Pass --sep.");
        }

        return best;
    }

    /// <summary>How a separator reads in a message.</summary>
    public static string Describe(char separator) => separator switch
    {
        '\t' => "tab",
        ',' => "comma",
        ';' => "semicolon",
        _ => "auto",
    };
}
