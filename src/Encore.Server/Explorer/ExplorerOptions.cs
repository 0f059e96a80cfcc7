namespace Encore.Server.Explorer;

/// <summary>The explorer page's settings (section <c>Explorer</c>).</summary>
public sealed class ExplorerOptions
{
    public const string Section = "Explorer";

    /// <summary>
    /// The report folder <c>encore evaluate</c> wrote (metrics.json and the charts, directly or one folder per
    /// protocol), shown by the explorer's model report; empty shows only what the artifact set carries. The evaluation
    /// is not part of the artifact set, so the service finds it only when told where (<c>encore demo</c> does).
    /// </summary>
    public string ReportDirectory { get; set; } = "";
}
