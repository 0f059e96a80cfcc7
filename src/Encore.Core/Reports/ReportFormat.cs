using System.Globalization;
using System.Text;

namespace Encore.Core.Reports;

/// <summary>
/// How reports print numbers and text: invariant culture, thousands separators, and a dash where a ratio has no
/// denominator, so a report never prints NaN or ∞.
/// </summary>
internal static class ReportFormat
{
    public const string NotAvailable = "—";

    /// <summary>"1,234,567".</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Up to two decimals, no trailing zeros: "7", "2.5", "77.68", "1,234.5".</summary>
    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("#,##0.##", CultureInfo.InvariantCulture) : NotAvailable;

    /// <summary>Exactly two decimals, for means and standard deviations: "77.68".</summary>
    public static string Fixed2(double value) =>
        double.IsFinite(value) ? value.ToString("#,##0.00", CultureInfo.InvariantCulture) : NotAvailable;

    /// <summary>"12.34%" of <paramref name="whole"/>, or a dash when the whole is 0.</summary>
    public static string Percent(long part, long whole) =>
        whole == 0 ? NotAvailable : (100.0 * part / whole).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Month(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// Text for one markdown table cell: line breaks become spaces and characters that markdown would read as
    /// table borders, emphasis, links or HTML are backslash-escaped, so catalogue names print as they are.
    /// </summary>
    public static string Cell(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r' or '\n' or '\t':
                    builder.Append(' ');
                    break;
                case '\\' or '|' or '*' or '_' or '`' or '[' or ']' or '<' or '>':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
