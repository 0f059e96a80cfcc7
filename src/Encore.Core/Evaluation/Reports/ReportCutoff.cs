namespace Encore.Core.Evaluation.Reports;

/// <summary>The one cut-off the single-k views of a report use (accuracy against coverage, activity deciles).</summary>
public static class ReportCutoff
{
    /// <summary>The k most reports quote (NDCG@10).</summary>
    public const int Preferred = 10;

    /// <summary>10 when it is a cut-off, else the cut-off closest to 10 (the smaller on a tie).</summary>
    /// <exception cref="ArgumentException">No cut-off is given.</exception>
    public static int Of(IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(ks);
        if (ks.Count == 0)
        {
            throw new ArgumentException("No cut-off.", nameof(ks));
        }

        return ks.OrderBy(k => Math.Abs(k - Preferred)).ThenBy(k => k).First();
    }
}
