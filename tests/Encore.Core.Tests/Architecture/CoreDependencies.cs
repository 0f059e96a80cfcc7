using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Domain.Dependencies;
using ArchUnitNET.Loader;
using ArchType = ArchUnitNET.Domain.IType;
using CoreModel = ArchUnitNET.Domain.Architecture;

namespace Encore.Core.Tests.Architecture;

/// <summary>One type of Encore.Core using another, with the folders both live in.</summary>
internal sealed record TypeUse(string FromFolder, string FromType, string ToFolder, string ToType)
{
    public override string ToString() => $"{FromFolder} → {ToFolder}: {FromType} uses {ToType}";
}

/// <summary>One source line of Encore.Core naming a namespace of another folder (a using line or a qualified name).</summary>
internal sealed record SourceUse(string FromFolder, string ToFolder, string File, int Line, string Text)
{
    public override string ToString() => $"{FromFolder} → {ToFolder}: {File}:{Line}: {Text.Trim()}";
}

/// <summary>
/// Who uses whom inside Encore.Core, two ways. From the IL (read by ArchUnitNET: signatures, fields, attributes,
/// generic arguments and method bodies, so a fully qualified name counts as much as a using line); and from the
/// source, because a constant is copied into the IL of its user and leaves no trace of where it came from.
/// </summary>
internal static partial class CoreDependencies
{
    private static readonly Lazy<CoreModel> s_architecture = new(
        () => new ArchLoader().LoadAssemblies(typeof(EncoreException).Assembly).Build());

    public static CoreModel Model => s_architecture.Value;

    /// <summary>src/Encore.Core of the checkout the tests were built from.</summary>
    public static string CoreSources => Path.Combine(Repository.Root, "src", "Encore.Core");

    /// <summary>Every type of Encore.Core with the folder of its namespace (compiler-made types outside it are left out).</summary>
    public static IEnumerable<(ArchType Type, string Folder)> CoreTypes() =>
        Model.Types
            .Where(t => t.Assembly.FullName == typeof(EncoreException).Assembly.FullName)
            .Select(t => (Type: t, Folder: LayerTable.FolderOf(t.Namespace?.FullName)))
            .Where(t => t.Folder is not null)
            .Select(t => (t.Type, t.Folder!));

    /// <summary>The uses between two different folders of Encore.Core, one per (type, type) pair.</summary>
    public static IReadOnlyList<TypeUse> TypeUses()
    {
        var uses = new HashSet<TypeUse>();
        foreach (var (type, folder) in CoreTypes())
        {
            foreach (var dependency in type.Dependencies)
            {
                foreach (var target in Targets(dependency).Where(t => !t.IsGenericParameter))
                {
                    var targetFolder = LayerTable.FolderOf(target.Namespace?.FullName);
                    if (targetFolder is not null && targetFolder != folder)
                    {
                        uses.Add(new TypeUse(folder, type.FullName, targetFolder, target.FullName));
                    }
                }
            }
        }

        return [.. uses.OrderBy(u => u.ToString(), StringComparer.Ordinal)];
    }

    /// <summary>The lines of src/Encore.Core that name <c>Encore.Core.X</c> for a folder X other than their own.</summary>
    public static IReadOnlyList<SourceUse> SourceUses()
    {
        var uses = new List<SourceUse>();
        foreach (var (file, folder) in SourceFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("namespace ", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match name in QualifiedName().Matches(lines[i]))
                {
                    var target = LayerTable.FolderOf(name.Value);
                    if (target is not null && target != folder)
                    {
                        uses.Add(new SourceUse(folder, target, Path.GetRelativePath(Repository.Root, file), i + 1, lines[i]));
                    }
                }
            }
        }

        return uses;
    }

    /// <summary>The .cs files of src/Encore.Core (not bin/ or obj/), each with its top folder (the root for files at the top).</summary>
    public static IEnumerable<(string File, string Folder)> SourceFiles()
    {
        foreach (var file in Directory.EnumerateFiles(CoreSources, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var parts = Path.GetRelativePath(CoreSources, file).Split(Path.DirectorySeparatorChar);
            if (parts[0] is "bin" or "obj")
            {
                continue;
            }

            yield return (file, parts.Length == 1 ? LayerTable.Root : parts[0]);
        }
    }

    /// <summary>The type a dependency names, and every type among its generic arguments (List&lt;X&gt; uses X).</summary>
    /// <remarks>
    /// Generic parameters are left out by the callers: ArchUnitNET names a method's <c>T</c> after the first method
    /// it met with that parameter, so a <c>T</c> in Artifacts could seem to live in Serving.
    /// </remarks>
    internal static IEnumerable<ArchType> Targets(ITypeDependency dependency)
    {
        yield return dependency.Target;
        var pending = new Stack<GenericArgument>(dependency.TargetGenericArguments);
        while (pending.Count > 0)
        {
            var argument = pending.Pop();
            yield return argument.Type;
            foreach (var inner in argument.GenericArguments)
            {
                pending.Push(inner);
            }
        }
    }

    [GeneratedRegex(@"\bEncore\.Core(\.[A-Z][A-Za-z0-9]*)?")]
    private static partial Regex QualifiedName();
}
