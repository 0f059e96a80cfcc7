using Parquet;
using Parquet.Schema;

namespace Encore.Core.Data.Parquet;

/// <summary>Shared settings of the Parquet files Encore writes with Parquet.Net.</summary>
public static class ParquetFiles
{
    /// <summary>
    /// Snappy (fast to write and read, the pandas/pyarrow default) with delta encoding for the given integer
    /// columns: sorted ids, sequence numbers and dates shrink to a few bits per row.
    /// </summary>
    public static ParquetOptions WriteOptions(params ReadOnlySpan<DataField> deltaEncoded)
    {
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Snappy,
            CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
        };
        foreach (var field in deltaEncoded)
        {
            options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.DeltaBinaryPacked;
        }

        return options;
    }

    /// <summary>
    /// A <c>list&lt;int64&gt;</c> column in the standard three-level layout that pyarrow writes
    /// (optional list, repeated group, optional element), so that SQL engines and pandas read it as a list.
    /// </summary>
    public static ListField Int64List(string name) => new(name, new DataField<long?>("element"));

    /// <summary>A millisecond TIMESTAMP without time zone (pandas reads it as datetime64).</summary>
    /// <remarks>
    /// Not microseconds: Parquet.Net 6.1.0 writes the row-group min/max statistics of a microsecond timestamp
    /// in milliseconds, and a query engine that trusts them prunes every row group from a filter such as
    /// <c>started_at &gt;= '2022-12-16'</c> (wrong results, not just slow ones). Milliseconds are consistent.
    /// </remarks>
    public static DateTimeDataField Timestamp(string name) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Millis, isNullable: false);
}
