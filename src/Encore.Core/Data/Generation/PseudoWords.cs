namespace Encore.Core.Data.Generation;

/// <summary>
/// Deterministic made-up titles built from syllables ("Moravel Shinto", "Kraiya"): readable, varied,
/// and a pure function of a 64-bit key, so a name needs no storage and never depends on thread order.
/// </summary>
internal static class PseudoWords
{
    private static readonly string[] s_onsets =
    [
        "", "", "b", "br", "ch", "d", "dr", "f", "g", "gr", "k", "kr", "kh", "l", "m", "n", "p", "pr", "r",
        "s", "sh", "sl", "st", "t", "tr", "v", "z", "zh", "y", "sk",
    ];

    private static readonly string[] s_vowels = ["a", "e", "i", "o", "u", "ya", "ei", "ou", "ie", "ai", "a", "o"];

    private static readonly string[] s_codas = ["", "", "", "", "n", "r", "s", "l", "k", "m", "st", "nd", "t", "v"];

    /// <summary>A title of <paramref name="minWords"/>..<paramref name="maxWords"/> capitalised words.</summary>
    public static string Title(ulong key, int minWords, int maxWords)
    {
        var rng = Rng.Create((int)key, RngStream.Names, (long)(key >> 32));
        Span<char> buffer = stackalloc char[128];
        var length = 0;
        var words = rng.NextInt(minWords, maxWords);
        for (var w = 0; w < words; w++)
        {
            if (w > 0)
            {
                buffer[length++] = ' ';
            }

            var wordStart = length;
            var syllables = rng.NextInt(100) < 55 ? 2 : rng.NextInt(100) < 60 ? 1 : 3;
            for (var s = 0; s < syllables; s++)
            {
                Append(buffer, ref length, s_onsets[rng.NextInt(s_onsets.Length)]);
                Append(buffer, ref length, s_vowels[rng.NextInt(s_vowels.Length)]);
                if (s == syllables - 1 || rng.NextInt(100) < 25)
                {
                    Append(buffer, ref length, s_codas[rng.NextInt(s_codas.Length)]);
                }
            }

            buffer[wordStart] = char.ToUpperInvariant(buffer[wordStart]);
        }

        return new string(buffer[..length]);
    }

    private static void Append(Span<char> buffer, ref int length, string part)
    {
        part.AsSpan().CopyTo(buffer[length..]);
        length += part.Length;
    }
}
