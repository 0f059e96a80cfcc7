using System.Text.RegularExpressions;

namespace Encore.Core.Tests.Architecture;

/// <summary>
/// The layers of Encore.Core as docs/architecture.md writes them down: the table under "## Layers", one row per
/// layer (number, name, backticked folders). Read from the document so that the rule and its description are one text.
/// </summary>
internal sealed partial class LayerTable
{
    /// <summary>The folder name of the types in the root namespace <c>Encore.Core</c>.</summary>
    public const string Root = "(root)";

    private readonly Dictionary<string, (int Number, string Name)> _layerOf;

    public LayerTable(IReadOnlyDictionary<string, (int Number, string Name)> layerOf)
    {
        _layerOf = new Dictionary<string, (int, string)>(layerOf, StringComparer.Ordinal);
    }

    public IEnumerable<string> Folders => _layerOf.Keys;

    public static LayerTable Document { get; } = Read(Path.Combine(Repository.Root, "docs", "architecture.md"));

    public bool Places(string folder) => _layerOf.ContainsKey(folder);

    public string Describe(string folder) => $"{folder} (layer {_layerOf[folder].Number}, {_layerOf[folder].Name})";

    /// <summary>
    /// Whether a type of <paramref name="from"/> may use one of <paramref name="to"/>: its own folder, or any folder of
    /// a lower layer. A folder of the same layer is a peer and off limits, so no two folders can import each other.
    /// A folder the table does not place may use nothing and be used by nothing until it is placed.
    /// </summary>
    public bool Allows(string from, string to) =>
        from == to || (_layerOf.TryGetValue(from, out var user) && _layerOf.TryGetValue(to, out var used) && used.Number < user.Number);

    /// <summary>The folder of a namespace: <c>Encore.Core.Data.DuckDb</c> → Data; null outside Encore.Core.</summary>
    public static string? FolderOf(string? ns)
    {
        if (ns == "Encore.Core")
        {
            return Root;
        }

        return ns is not null && ns.StartsWith("Encore.Core.", StringComparison.Ordinal)
            ? ns["Encore.Core.".Length..].Split('.')[0]
            : null;
    }

    public static LayerTable Read(string path)
    {
        var layerOf = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        var inLayers = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inLayers = line.Trim() == "## Layers";
                continue;
            }

            var row = Row().Match(line);
            if (!inLayers || !row.Success)
            {
                continue;
            }

            var number = int.Parse(row.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
            foreach (Match folder in Folder().Matches(row.Groups["folders"].Value))
            {
                if (!layerOf.TryAdd(folder.Groups[1].Value, (number, row.Groups["name"].Value.Trim())))
                {
                    throw new InvalidDataException($"{path}: folder '{folder.Groups[1].Value}' is in two layers.");
                }
            }
        }

        return layerOf.Count > 0 ? new LayerTable(layerOf) : throw new InvalidDataException($"{path}: no layer table under '## Layers'.");
    }

    [GeneratedRegex(@"^\|\s*(?<number>\d+)\s*\|(?<name>[^|]+)\|(?<folders>[^|]+)\|\s*$")]
    private static partial Regex Row();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Folder();
}
