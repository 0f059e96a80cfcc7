using Parquet;
using Parquet.Schema;

namespace Encore.Core.Data.Parquet;

/// <summary>
/// Collects the rows of one <see cref="ParquetFiles.Int64List"/> column as flat values plus Dremel
/// definition and repetition levels, so that a row group is written in one call with no per-row objects.
/// Levels: 3 = an element, 1 = an empty list (the list exists, no element); repetition 0 starts a row.
/// </summary>
public sealed class Int64ListColumnBuffer
{
    private const int ElementLevel = 3;
    private const int EmptyListLevel = 1;

    private long[] _values;
    private int[] _definitions;
    private int[] _repetitions;
    private int _valueCount;
    private int _levelCount;

    public Int64ListColumnBuffer(int capacity = 1024)
    {
        capacity = Math.Max(16, capacity);
        _values = new long[capacity];
        _definitions = new int[capacity];
        _repetitions = new int[capacity];
    }

    /// <summary>Rows added since the last <see cref="Clear"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>Adds one row; an empty span adds an empty list.</summary>
    public void Add(ReadOnlySpan<long> items)
    {
        Ensure(_valueCount + items.Length, _levelCount + Math.Max(1, items.Length));
        Rows++;
        if (items.IsEmpty)
        {
            _definitions[_levelCount] = EmptyListLevel;
            _repetitions[_levelCount++] = 0;
            return;
        }

        for (var i = 0; i < items.Length; i++)
        {
            _values[_valueCount++] = items[i];
            _definitions[_levelCount] = ElementLevel;
            _repetitions[_levelCount++] = i == 0 ? 0 : 1;
        }
    }

    public void Clear()
    {
        _valueCount = 0;
        _levelCount = 0;
        Rows = 0;
    }

    /// <summary>Writes the buffered rows as the next column of <paramref name="rowGroup"/>.</summary>
    /// <param name="rowGroup">The row group being written.</param>
    /// <param name="element">The list's element field (the schema's data field for this column).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task WriteAsync(ParquetRowGroupWriter rowGroup, DataField element, CancellationToken cancellationToken) =>
        rowGroup.WriteAllPartsAsync<long>(
            element,
            _values.AsMemory(0, _valueCount),
            _definitions.AsMemory(0, _levelCount),
            _repetitions.AsMemory(0, _levelCount),
            cancellationToken);

    private void Ensure(int values, int levels)
    {
        if (values > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(values, 2 * _values.Length));
        }

        if (levels > _definitions.Length)
        {
            var size = Math.Max(levels, 2 * _definitions.Length);
            Array.Resize(ref _definitions, size);
            Array.Resize(ref _repetitions, size);
        }
    }
}
