using System.Text;

namespace Encore.Core.Reports;

/// <summary>A GitHub-flavoured markdown table; cells are written as given (escape them with <see cref="ReportFormat.Cell"/>).</summary>
internal sealed class MarkdownTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <param name="headers">Column titles; a title starting with '>' is right-aligned (numbers), the '>' dropped.</param>
    public MarkdownTable(params string[] headers)
    {
        _headers = new string[headers.Length];
        _rightAligned = new bool[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            _rightAligned[i] = headers[i].StartsWith('>');
            _headers[i] = _rightAligned[i] ? headers[i][1..] : headers[i];
        }
    }

    /// <exception cref="ArgumentException">The row has a different number of cells than the table has columns.</exception>
    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"Row has {cells.Length} cells; the table has {_headers.Length} columns.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public void WriteTo(StringBuilder builder)
    {
        WriteLine(builder, _headers);
        builder.Append('|');
        foreach (var right in _rightAligned)
        {
            builder.Append(right ? " ---: |" : " --- |");
        }

        builder.Append('\n');
        foreach (var row in _rows)
        {
            WriteLine(builder, row);
        }

        builder.Append('\n');
    }

    private static void WriteLine(StringBuilder builder, string[] cells)
    {
        builder.Append('|');
        foreach (var cell in cells)
        {
            builder.Append(' ').Append(cell).Append(" |");
        }

        builder.Append('\n');
    }
}
