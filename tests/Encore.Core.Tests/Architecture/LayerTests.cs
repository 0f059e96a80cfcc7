using System.Xml.Linq;

namespace Encore.Core.Tests.Architecture;

/// <summary>
/// The layers of docs/architecture.md hold: no folder of Encore.Core uses a folder of its own layer or above, and Core
/// references no host.
/// </summary>
public sealed class LayerTests
{
    private static readonly string[] s_hosts =
        ["Microsoft.AspNetCore", "Encore.Server", "Encore.Cli", "Spectre.Console", "System.CommandLine"];

    [Fact]
    public void EveryFolderOfCoreHasALayer()
    {
        var folders = CoreDependencies.SourceFiles().Select(f => f.Folder)
            .Concat(CoreDependencies.CoreTypes().Select(t => t.Folder))
            .Distinct()
            .Where(f => !LayerTable.Document.Places(f))
            .Order(StringComparer.Ordinal);
        Assert.True(!folders.Any(), $"Not in the layer table of docs/architecture.md: {string.Join(", ", folders)}");
    }

    [Fact]
    public void EveryFolderOfTheLayerTableExists()
    {
        var present = CoreDependencies.SourceFiles().Select(f => f.Folder).ToHashSet(StringComparer.Ordinal);
        var missing = LayerTable.Document.Folders.Where(f => !present.Contains(f)).Order(StringComparer.Ordinal);
        Assert.True(!missing.Any(), $"docs/architecture.md places folders src/Encore.Core does not have: {string.Join(", ", missing)}");
    }

    [Fact]
    public void NoTypeUsesATypeOfItsOwnLayerOrAbove()
    {
        var uses = CoreDependencies.TypeUses();
        // A reader that saw nothing would pass any layering: the models' use of the Linalg kernels must show up.
        Assert.Contains(uses, use => use is { FromFolder: "Models", ToFolder: "Linalg" });

        var violations = Violations(uses, LayerTable.Document);
        Assert.True(violations.Count == 0, Listing("Against the layers of docs/architecture.md", violations));
    }

    [Fact]
    public void NoSourceLineNamesAFolderOfItsOwnLayerOrAbove()
    {
        var layers = LayerTable.Document;
        var uses = CoreDependencies.SourceUses();
        Assert.Contains(uses, use => use is { FromFolder: "Models", ToFolder: "Linalg" });

        var violations = uses
            .Where(use => !layers.Allows(use.FromFolder, use.ToFolder))
            .ToList();
        Assert.True(violations.Count == 0, Listing("Using lines or qualified names against the layers", violations));
    }

    [Fact]
    public void TheRuleRejectsUsesUpwardAndBetweenPeersAndAllowsUsesDownward()
    {
        var use = (string from, string to) => new TypeUse(from, $"Encore.Core.{from}.A", to, $"Encore.Core.{to}.B");
        var uses = new[] { use("Linalg", "Models"), use("Training", "Serving"), use("Models", "Linalg"), use("Pipeline", LayerTable.Root) };

        var violations = Violations(uses, LayerTable.Document);

        Assert.Equal([use("Linalg", "Models"), use("Training", "Serving")], violations);
    }

    [Fact]
    public void CoreTypesUseNoHostType()
    {
        var hostUses = CoreDependencies.CoreTypes()
            .SelectMany(t => t.Type.Dependencies.Select(d => (From: t.Type.FullName, To: d.Target)))
            .Where(use => !use.To.IsGenericParameter && (IsHost(use.To.Namespace?.FullName ?? "") || IsHost(use.To.Assembly?.Name ?? "")))
            .Select(use => $"{use.From} uses {use.To.FullName} ({use.To.Assembly?.Name})")
            .Distinct()
            .ToList();
        Assert.True(hostUses.Count == 0, Listing("Encore.Core uses a host", hostUses));
    }

    [Fact]
    public void CoreReferencesNoHostAssembly()
    {
        var references = typeof(EncoreException).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "")
            .Where(IsHost)
            .ToList();
        Assert.True(references.Count == 0, Listing("Encore.Core.dll references a host assembly", references));
    }

    [Fact]
    public void CoreProjectReferencesNoHost()
    {
        var project = XDocument.Load(Path.Combine(CoreDependencies.CoreSources, "Encore.Core.csproj"));
        Assert.Equal("Microsoft.NET.Sdk", project.Root?.Attribute("Sdk")?.Value);
        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "FrameworkReference" or "ProjectReference" or "PackageReference")
            .Select(e => (Kind: e.Name.LocalName, Include: (e.Attribute("Include")?.Value ?? "").Replace('\\', '/')))
            .Where(r => r.Kind == "FrameworkReference"
                || IsHost(r.Kind == "ProjectReference" ? Path.GetFileNameWithoutExtension(r.Include) : r.Include))
            .Select(r => $"{r.Kind} {r.Include}")
            .ToList();
        Assert.True(references.Count == 0, Listing("Encore.Core.csproj references a host", references));
    }

    /// <summary>The uses the layer table forbids: to a peer folder of the same layer or to a folder above.</summary>
    internal static List<TypeUse> Violations(IEnumerable<TypeUse> uses, LayerTable layers) =>
        [.. uses.Where(use => !layers.Allows(use.FromFolder, use.ToFolder))];

    private static bool IsHost(string assembly) =>
        s_hosts.Any(host => assembly == host || assembly.StartsWith(host + ".", StringComparison.Ordinal));

    private static string Listing<T>(string title, IReadOnlyCollection<T> items) =>
        $"{title} ({items.Count}):{Environment.NewLine}{string.Join(Environment.NewLine, items)}";
}
