using System.Text.RegularExpressions;

namespace Encore.Core.Tests.Docs;

/// <summary>
/// The docs point readers at source files by path; a move or rename that forgets the docs leaves them pointing at
/// nothing, which is how docs drift unnoticed. Every such path must name a file or folder that exists.
/// </summary>
public sealed partial class DocumentedPathTests
{
    [Fact]
    public void EverySourcePathInTheReadmeAndDocsExists()
    {
        var root = Repository.Root;
        var documents = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Append(Path.Combine(root, "README.md"));
        var missing = new List<string>();
        var paths = 0;
        foreach (var document in documents)
        {
            foreach (Match match in SourcePath().Matches(File.ReadAllText(document)))
            {
                // Build outputs (…/bin/Release/…) exist only after a build, so they name nothing to keep in step.
                if (match.Value.Contains("/bin/", StringComparison.Ordinal) || match.Value.Contains("/obj/", StringComparison.Ordinal))
                {
                    continue;
                }

                paths++;
                var path = Path.Combine(root, match.Value.TrimEnd('/', '.'));
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    missing.Add($"{Path.GetRelativePath(root, document)}: {match.Value}");
                }
            }
        }

        Assert.True(paths > 10, $"only {paths} source paths found: is the pattern still the one the docs use?");
        Assert.Empty(missing);
    }

    [GeneratedRegex(@"(?:src|tests|bench)/Encore[\w.]*(?:/[\w.]+)*/?")]
    private static partial Regex SourcePath();
}
