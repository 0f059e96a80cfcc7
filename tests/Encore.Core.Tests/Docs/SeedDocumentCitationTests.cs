using System.Text.RegularExpressions;

namespace Encore.Core.Tests.Docs;

/// <summary>
/// Code and docs cite the predecessor as "docs/seed.md §4.6"; a citation is only useful while that section exists, so
/// renumbering the document or citing a section it lacks fails here rather than leaving a reader at a dead end.
/// </summary>
public sealed partial class SeedDocumentCitationTests
{
    [Fact]
    public void EveryCitationOfDocsSeedMdNamesASectionItHas()
    {
        var root = Repository.Root;
        var sections = Sections(File.ReadAllText(Path.Combine(root, "docs", "seed.md")));
        var dangling = new List<string>();
        var citations = 0;
        foreach (var file in CitingFiles(root))
        {
            foreach (Match match in Citation().Matches(File.ReadAllText(file)))
            {
                citations++;
                // "§1–4" cites a range: both ends must exist.
                foreach (var section in match.Groups["sections"].Value.Split('–', '-'))
                {
                    if (!sections.Contains(section))
                    {
                        dangling.Add($"{Path.GetRelativePath(root, file)}: {match.Value}");
                    }
                }
            }
        }

        Assert.True(citations > 50, $"only {citations} citations found: is the pattern still the one the code uses?");
        Assert.Empty(dangling);
    }

    [Fact]
    public void NoFileCitesTheSpecificationOutsideTheRepository()
    {
        var root = Repository.Root;
        // bench/RESULTS.md is a dated record: it may quote the text outputs had when a figure was taken.
        var results = Path.Combine(root, "bench", "RESULTS.md");
        var outside = CitingFiles(root).Where(file => file != results && File.ReadAllText(file).Contains("seed-spec", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(root, file));

        Assert.Empty(outside);
    }

    private static HashSet<string> Sections(string markdown) =>
        Heading().Matches(markdown).Select(match => match.Groups["number"].Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> CitingFiles(string root)
    {
        string[] folders = ["src", "tests", "bench", "docs"];
        string[] extensions = [".cs", ".md", ".json", ".sh"];
        return folders.Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => extensions.Contains(Path.GetExtension(file), StringComparer.Ordinal))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.EndsWith(nameof(SeedDocumentCitationTests) + ".cs", StringComparison.Ordinal))
            .Append(Path.Combine(root, "README.md"));
    }

    [GeneratedRegex(@"docs/seed\.md §(?<sections>\d+(?:\.\d+)?(?:[–-]\d+(?:\.\d+)?)?)")]
    private static partial Regex Citation();

    [GeneratedRegex(@"^#{2,4} (?<number>\d+(?:\.\d+)?)\.? ", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
