namespace Encore.Core.Tests.Docs;

/// <summary>
/// The README's Layout is where a newcomer learns what each folder holds; a folder it does not name (the issue 13
/// audit found seven Core folders missing) sends them to grep. Every folder of each src/ project, of tests/, bench/
/// and docs/ must have its line.
/// </summary>
public sealed class ReadmeLayoutTests
{
    [Fact]
    public void TheReadmeLayoutHasALineForEveryFolder()
    {
        var root = Repository.Root;
        var layout = LayoutLines(File.ReadAllLines(Path.Combine(root, "README.md")));
        var folders = Directory.GetDirectories(Path.Combine(root, "src")).SelectMany(Subfolders)
            .Concat(Subfolders(Path.Combine(root, "tests")))
            .Concat(Subfolders(Path.Combine(root, "bench")))
            .Concat(Subfolders(Path.Combine(root, "docs")));

        var missing = folders
            .Where(folder => !layout.Any(line => line.StartsWith(Path.GetFileName(folder) + "/", StringComparison.Ordinal)))
            .Select(folder => Path.GetRelativePath(root, folder))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, $"README.md's Layout has no line for: {string.Join(", ", missing)}");
    }

    /// <summary>The lines of the code block under "## Layout", without their indentation.</summary>
    private static List<string> LayoutLines(string[] readme)
    {
        var start = Array.IndexOf(readme, "## Layout");
        Assert.True(start >= 0, "README.md has no '## Layout' section.");
        return [.. readme.Skip(start + 1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal)).Select(line => line.TrimStart())];
    }

    /// <summary>The folders directly under <paramref name="directory"/>, less build outputs and hidden ones.</summary>
    private static IEnumerable<string> Subfolders(string directory) =>
        Directory.GetDirectories(directory)
            .Where(d => Path.GetFileName(d) is not ("bin" or "obj" or "TestResults") && !Path.GetFileName(d).StartsWith('.'));
}
