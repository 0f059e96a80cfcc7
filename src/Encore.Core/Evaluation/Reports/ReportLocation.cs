namespace Encore.Core.Evaluation.Reports;

/// <summary>
/// Where evaluation reports land, whichever command wrote them: <c>report/&lt;protocol&gt;/</c> beside the artifacts
/// directory, the layout of <c>encore pipeline</c> (<c>out/artifacts/</c>, <c>out/report/standard/</c>).
/// <c>encore evaluate</c> follows it unless <c>--report</c> names another root.
/// </summary>
public static class ReportLocation
{
    /// <summary>The report root's folder name, beside the artifacts folder (and in the pipeline's output folder).</summary>
    public const string Folder = "report";

    /// <summary>The report root beside <paramref name="artifactsDirectory"/>: its parent's <c>report/</c>.</summary>
    public static string DefaultRoot(string artifactsDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactsDirectory);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(artifactsDirectory));
        var parent = Path.GetDirectoryName(full) ?? full;
        return Path.Combine(parent, Folder);
    }

    /// <summary>The folder of one protocol's files under <paramref name="root"/>.</summary>
    public static string ProtocolDirectory(string root, string protocol) => Path.Combine(root, protocol);
}
