using Encore.Core.Data.Interactions;
using Encore.Core.Data.Parquet;
using Encore.Core.Linalg;
using Parquet;
using Parquet.Schema;

namespace Encore.Core.Artifacts;

/// <summary>
/// The ALS factors in an open format: als_user_factors.parquet (<c>user_id int32, f0 … f{k-1} float</c>) and
/// als_item_factors.parquet (<c>item_id int32, f0 …</c>), one row per model row in the model's order, so that pandas,
/// numpy, pyarrow and DuckDB read them without Encore.
/// </summary>
/// <remarks>
/// One FLOAT column per factor rather than a list column: <c>pd.read_parquet(…).to_numpy()</c> is then the
/// (rows, k) float32 matrix itself (a list column becomes an object array of arrays that numpy must stack row by
/// row), every Parquet reader handles flat columns, and no repetition levels are stored per value. Rows are
/// written in groups of <see cref="RowGroupRows"/>, one factor column at a time through one reused column buffer,
/// so writing 1.34M users × 50 factors never holds more than one column chunk (1 MiB) beside the model itself.
/// </remarks>
public static class AlsFactorsFileWriter
{
    /// <summary>Rows per row group: readers get several groups to scan in parallel at full scale.</summary>
    public const int RowGroupRows = 1 << 18;

    /// <summary>Name of factor column <paramref name="index"/>.</summary>
    public static string FactorColumn(int index) => $"f{index}";

    /// <summary>Writes <paramref name="factors"/> with the external ids of <paramref name="ids"/> to <paramref name="path"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="idColumn">user_id or item_id.</param>
    /// <param name="factors">One row per id, in internal id order.</param>
    /// <param name="ids">Maps internal row numbers to the original ids.</param>
    /// <param name="cancellationToken">Checked per row group.</param>
    /// <returns>Rows written.</returns>
    public static long Write(string path, string idColumn, FactorMatrix factors, IdMap ids, CancellationToken cancellationToken = default) =>
        Write(path, idColumn, factors, ids, RowGroupRows, cancellationToken);

    /// <summary>As the public overload, with row groups of <paramref name="rowGroupRows"/> (small in tests, to cross group boundaries).</summary>
    internal static long Write(
        string path, string idColumn, FactorMatrix factors, IdMap ids, int rowGroupRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count != factors.Rows)
        {
            throw new ArgumentException($"{ids.Count} ids for {factors.Rows} factor rows.", nameof(ids));
        }

        try
        {
            WriteAsync(path, idColumn, factors, ids, rowGroupRows, cancellationToken).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new EncoreException($"Cannot write ALS factors '{path}': {e.Message}", e);
        }

        return factors.Rows;
    }

    private static async Task WriteAsync(
        string path, string idColumn, FactorMatrix factors, IdMap ids, int rowGroupRows, CancellationToken cancellationToken)
    {
        var k = factors.Columns;
        var id = new DataField<int>(idColumn);
        var fields = new List<Field> { id };
        for (var j = 0; j < k; j++)
        {
            fields.Add(new DataField<float>(FactorColumn(j)));
        }

        var schema = new ParquetSchema(fields);
        var dataFields = schema.GetDataFields();
        var capacity = Math.Max(1, Math.Min(rowGroupRows, factors.Rows));
        var idBuffer = new int[capacity];
        var column = new float[capacity];

        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await using var writer = await ParquetWriter.CreateAsync(
            schema, stream, ParquetFiles.WriteOptions(id), cancellationToken: cancellationToken);
        for (var start = 0; start < factors.Rows; start += capacity)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(capacity, factors.Rows - start);
            for (var r = 0; r < rows; r++)
            {
                idBuffer[r] = checked((int)ids.ToExternal(start + r));
            }

            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync<int>(dataFields[0], idBuffer.AsMemory(0, rows), cancellationToken: cancellationToken);
            for (var j = 0; j < k; j++)
            {
                Gather(factors, start, rows, j, column);
                await rowGroup.WriteAsync<float>(dataFields[j + 1], column.AsMemory(0, rows), cancellationToken: cancellationToken);
            }

            rowGroup.CompleteValidate();
        }
    }

    /// <summary>Copies factor <paramref name="j"/> of rows [start, start + rows) into <paramref name="column"/> (a strided read of the row-major matrix).</summary>
    private static void Gather(FactorMatrix factors, int start, int rows, int j, float[] column)
    {
        var data = factors.Data;
        var k = factors.Columns;
        var offset = (start * k) + j;
        for (var r = 0; r < rows; r++, offset += k)
        {
            column[r] = data[offset];
        }
    }
}
