using System.Data.Common;
using System.Text;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// The display fields of items.parquet (name, artists, genres) packed for serving: one UTF-8 buffer with one record
/// per item, <c>name US artist RS artist US genre RS genre</c> (US = 0x1F, RS = 0x1E), so a million tracks are two
/// arrays and one buffer instead of millions of strings.
/// </summary>
internal static class ItemCatalogReader
{
    public const byte FieldSeparator = 0x1F;
    public const byte ListSeparator = 0x1E;

    /// <summary>Item ids ascending, each record's start in <c>Text</c> (one extra entry at the end) and the text.</summary>
    /// <exception cref="EncoreException">Missing file or column, NULL or repeated item id, naming the file and column.</exception>
    public static (int[] Ids, int[] Offsets, byte[] Text) Read(string path, CancellationToken cancellationToken)
    {
        using var session = new DuckDbSession(threads: 2);
        var parquet = ParquetSource.Open(session, path);
        parquet.RequireInt32(Columns.ItemId);
        parquet.Require(Columns.Name, t => t == "VARCHAR", "VARCHAR");
        parquet.Require(Columns.Artists, t => t == "VARCHAR[]", "VARCHAR[]");
        parquet.Require(Columns.Genres, t => t == "VARCHAR[]", "VARCHAR[]");
        parquet.RejectNulls(session, Columns.ItemId);
        var count = parquet.CountRows(session);
        var ids = new int[count];
        var offsets = new int[count + 1];
        var text = new MemoryStream(count * 48);
        var scratch = new byte[256];
        // Separators inside a value would split it, so they become spaces before the lists are joined.
        static string Clean(string value) => $"replace(replace(coalesce({value}, ''), chr(31), ' '), chr(30), ' ')";
        static string Joined(string list) => $"array_to_string(list_transform({list}, v -> {Clean("v")}), chr(30))";
        var record = $"{Clean(Columns.Name)} || chr(31) || {Joined(Columns.Artists)} || chr(31) || {Joined(Columns.Genres)}";
        try
        {
            session.Read(
                $"SELECT {Columns.ItemId}, {record} FROM {parquet.From} ORDER BY 1",
                reader =>
                {
                    var row = 0;
                    while (reader.Read())
                    {
                        var id = reader.GetInt32(0);
                        if (row > 0 && id == ids[row - 1])
                        {
                            throw new EncoreException($"{path}: column '{Columns.ItemId}' holds item {id} more than once.");
                        }

                        ids[row] = id;
                        var value = reader.GetString(1);
                        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
                        if (scratch.Length < length)
                        {
                            scratch = new byte[Math.Max(length, scratch.Length * 2)];
                        }

                        var bytes = Encoding.UTF8.GetBytes(value, scratch);
                        text.Write(scratch, 0, bytes);
                        offsets[++row] = checked((int)text.Length);
                        if ((row & 0xFFFF) == 0)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                        }
                    }
                });
        }
        catch (DbException e)
        {
            throw new EncoreException($"{path}: cannot read items ({DuckDbErrors.Describe(e)}).", e);
        }

        return (ids, offsets, text.ToArray());
    }
}
