namespace Encore.Core.Ranking;

/// <summary>
/// Rows of (group, features, label) for the ranker: one row per (user, candidate track), rows of a user contiguous
/// (a group is a user's dense id). Features are stored row-major in one float array so a chunk of users can be built,
/// scored and dropped without per-row objects; missing values are <see cref="float.NaN"/> (LightGBM's missing).
/// </summary>
public sealed class FeatureTable
{
    private float[] _values;
    private int[] _groups;
    private float[] _labels;

    public FeatureTable(IReadOnlyList<string> names, int capacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            throw new ArgumentException("A feature table needs at least one feature.", nameof(names));
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException("Feature names must be unique.", nameof(names));
        }

        Names = [.. names];
        capacity = Math.Max(capacity, 1);
        _values = new float[capacity * Names.Count];
        _groups = new int[capacity];
        _labels = new float[capacity];
    }

    /// <summary>Feature names in column order.</summary>
    public IReadOnlyList<string> Names { get; }

    public int Columns => Names.Count;

    public int Rows { get; private set; }

    /// <summary>Appends a row and returns its feature span to fill (all NaN to start with).</summary>
    public Span<float> AddRow(int group, float label = 0f)
    {
        if (Rows == _groups.Length)
        {
            var capacity = _groups.Length * 2;
            Array.Resize(ref _values, capacity * Columns);
            Array.Resize(ref _groups, capacity);
            Array.Resize(ref _labels, capacity);
        }

        _groups[Rows] = group;
        _labels[Rows] = label;
        var row = _values.AsSpan(Rows * Columns, Columns);
        row.Fill(float.NaN);
        Rows++;
        return row;
    }

    /// <summary>Features of row <paramref name="row"/>.</summary>
    public Span<float> Row(int row) => _values.AsSpan(CheckedRow(row) * Columns, Columns);

    public int Group(int row) => _groups[CheckedRow(row)];

    public float Label(int row) => _labels[CheckedRow(row)];

    public void SetLabel(int row, float label) => _labels[CheckedRow(row)] = label;

    /// <summary>All features, row-major, <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Rows * Columns);

    public ReadOnlySpan<int> Groups => _groups.AsSpan(0, Rows);

    public ReadOnlySpan<float> Labels => _labels.AsSpan(0, Rows);

    /// <summary>The column index of a feature name.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"Feature '{name}' is not in the table.");
    }

    /// <summary>Empties the table, keeping its buffers (chunked scoring reuses one table).</summary>
    public void Clear() => Rows = 0;

    private int CheckedRow(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}).");
        }

        return row;
    }
}
