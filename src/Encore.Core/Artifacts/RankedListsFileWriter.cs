using Encore.Core.Data.Interactions;
using Encore.Core.Data.Parquet;
using Encore.Core.Linalg;
using Parquet;
using Parquet.Schema;

namespace Encore.Core.Artifacts;

/// <summary>
/// Streams ranked lists to Parquet as <c>key int32, value int32, score double, rank int32</c> rows, list after
/// list, in row groups of exactly <see cref="ArtifactFiles.RowGroupSize"/> rows: personal_als.parquet
/// (user_id, item_id) and similar.parquet (item_id_1, item_id_2). Only one row group is ever buffered, so 68M rows
/// need ~20 MB, and the bytes depend only on the lists.
/// </summary>
internal static class RankedListsFileWriter
{
    /// <param name="path">The file to write.</param>
    /// <param name="keyColumn">Name of the list owner's column.</param>
    /// <param name="valueColumn">Name of the listed item's column.</param>
    /// <param name="keys">External id of each list's owner, in row order (ascending for a sorted file).</param>
    /// <param name="lists">The lists; row i belongs to keys[i], its items are internal ids of <paramref name="values"/>.</param>
    /// <param name="values">Maps listed items to external ids.</param>
    /// <param name="cancellationToken">Checked per row group.</param>
    /// <returns>Rows written.</returns>
    public static long Write(
        string path, string keyColumn, string valueColumn, ReadOnlySpan<long> keys, TopKBatch lists, IdMap values,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lists);
        return Write(path, keyColumn, valueColumn, keys, lists, values, lists.K, cancellationToken);
    }

    /// <summary>As the other overload, each list cut to its first <paramref name="length"/> items.</summary>
    public static long Write(
        string path, string keyColumn, string valueColumn, ReadOnlySpan<long> keys, TopKBatch lists, IdMap values, int length,
        CancellationToken cancellationToken) =>
        WriteAsync(path, keyColumn, valueColumn, keys.ToArray(), lists, values, length, cancellationToken).GetAwaiter().GetResult();

    private static async Task<long> WriteAsync(
        string path, string keyColumn, string valueColumn, long[] keys, TopKBatch lists, IdMap values, int length,
        CancellationToken cancellationToken)
    {
        if (keys.Length != lists.Rows)
        {
            throw new ArgumentException($"{keys.Length} keys for {lists.Rows} lists.", nameof(keys));
        }

        var key = new DataField<int>(keyColumn);
        var value = new DataField<int>(valueColumn);
        var score = new DataField<double>(Columns.Score);
        var rank = new DataField<int>(Columns.Rank);
        var schema = new ParquetSchema(key, value, score, rank);
        var capacity = (int)Math.Min(ArtifactFiles.RowGroupSize, Math.Max(1, TotalRows(lists, length)));
        var buffer = new Columns4(capacity);
        long written = 0;

        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await using var writer = await ParquetWriter.CreateAsync(
            schema, stream, ParquetFiles.WriteOptions(key, rank), cancellationToken: cancellationToken);
        var cursor = new ListCursor(keys, lists, values, length);
        while (cursor.Fill(buffer, capacity))
        {
            written += await buffer.FlushAsync(writer, schema.GetDataFields(), cancellationToken);
        }

        written += await buffer.FlushAsync(writer, schema.GetDataFields(), cancellationToken);
        return written;
    }

    private static long TotalRows(TopKBatch lists, int length)
    {
        long total = 0;
        for (var row = 0; row < lists.Rows; row++)
        {
            total += Math.Min(length, lists.Count(row));
        }

        return total;
    }

    /// <summary>Where the next row comes from: a list and a position in it (spans cannot live across awaits).</summary>
    private sealed class ListCursor(long[] keys, TopKBatch lists, IdMap values, int length)
    {
        private int _row;
        private int _rank;

        /// <summary>Adds rows until the buffer holds <paramref name="capacity"/>; false once every row is added.</summary>
        public bool Fill(Columns4 buffer, int capacity)
        {
            for (; _row < lists.Rows; _row++, _rank = 0)
            {
                var owner = checked((int)keys[_row]);
                var items = lists.Items(_row);
                items = items[..Math.Min(length, items.Length)];
                var scores = lists.Scores(_row);
                for (; _rank < items.Length; _rank++)
                {
                    if (buffer.Count == capacity)
                    {
                        return true;
                    }

                    buffer.Add(owner, checked((int)values.ToExternal(items[_rank])), scores[_rank], _rank + 1);
                }
            }

            return false;
        }
    }

    /// <summary>One row group's columns.</summary>
    private sealed class Columns4(int capacity)
    {
        private readonly int[] _keys = new int[capacity];
        private readonly int[] _values = new int[capacity];
        private readonly double[] _scores = new double[capacity];
        private readonly int[] _ranks = new int[capacity];

        public int Count { get; private set; }

        public void Add(int key, int value, double score, int rank)
        {
            _keys[Count] = key;
            _values[Count] = value;
            _scores[Count] = score;
            _ranks[Count++] = rank;
        }

        public async Task<int> FlushAsync(ParquetWriter writer, DataField[] fields, CancellationToken cancellationToken)
        {
            var rows = Count;
            if (rows == 0)
            {
                return 0;
            }

            cancellationToken.ThrowIfCancellationRequested();
            using (var rowGroup = writer.CreateRowGroup())
            {
                await rowGroup.WriteAsync<int>(fields[0], _keys.AsMemory(0, rows), cancellationToken: cancellationToken);
                await rowGroup.WriteAsync<int>(fields[1], _values.AsMemory(0, rows), cancellationToken: cancellationToken);
                await rowGroup.WriteAsync<double>(fields[2], _scores.AsMemory(0, rows), cancellationToken: cancellationToken);
                await rowGroup.WriteAsync<int>(fields[3], _ranks.AsMemory(0, rows), cancellationToken: cancellationToken);
                rowGroup.CompleteValidate();
            }

            Count = 0;
            return rows;
        }
    }
}
