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
    /// <param name="path">items.parquet.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <param name="threads">DuckDB's worker threads.</param>
    public static (int[] Ids, int[] Offsets, byte[] Text) Read(string path, CancellationToken cancellationToken, int threads = 2)
    {
        using var session = DuckDbSession.ForFile(path, threads);
        var parquet = ParquetSource.Open(session, path);
        parquet.RequireInt32(Columns.ItemId);
        parquet.Require(Columns.Name, t => t == "VARCHAR", "VARCHAR");
        parquet.Require(Columns.Artists, t => t == "VARCHAR[]", "VARCHAR[]");
        parquet.Require(Columns.Genres, t => t == "VARCHAR[]", "VARCHAR[]");
        parquet.RejectNulls(session, Columns.ItemId);
        var count = parquet.CountRows(session);
        // Separators inside a value would split it, so they become spaces before the lists are joined.
        static string Clean(string value) => $"replace(replace(coalesce({value}, ''), chr(31), ' '), chr(30), ' ')";
        static string Joined(string list) => $"coalesce(array_to_string(list_transform({list}, v -> {Clean("v")}), chr(30)), '')";
        var record = $"{Clean(Columns.Name)} || chr(31) || {Joined(Columns.Artists)} || chr(31) || {Joined(Columns.Genres)}";
        var select = $"SELECT CAST({Sql.Identifier(Columns.ItemId)} AS INTEGER), {record} FROM {parquet.From}";
        // items.parquet is written in item order, so one scan usually does; any other order is sorted by DuckDB.
        var scan = new Scan(path, count);
        if (!scan.Run(session, select, cancellationToken))
        {
            scan = new Scan(path, count);
            scan.Run(session, $"{select} ORDER BY 1", cancellationToken);
        }

        return scan.Result();
    }

    /// <summary>One pass that packs the records as they stream; gives up when the ids are not ascending.</summary>
    private sealed class Scan(string path, int count)
    {
        private readonly int[] _ids = new int[count];
        private readonly int[] _offsets = new int[count + 1];
        private byte[] _text = new byte[Math.Max(1024, count * 48)];
        private int _rows;

        /// <returns>False when an id is lower than the one before it.</returns>
        public bool Run(DuckDbSession session, string sql, CancellationToken cancellationToken)
        {
            var ordered = true;
            DuckDbChunks.Stream(session, sql, path, chunk => ordered = ordered && Read(chunk), cancellationToken);
            return ordered;
        }

        public (int[] Ids, int[] Offsets, byte[] Text) Result()
        {
            Array.Resize(ref _text, _offsets[_rows]);
            return (_ids, _offsets, _text);
        }

        private bool Read(DuckDbChunk chunk)
        {
            if (_rows + chunk.Size > _ids.Length)
            {
                throw new EncoreException($"{path}: the file changed while it was read.");
            }

            var ids = chunk.Int32(0);
            var records = chunk.Strings(1);
            for (var i = 0; i < ids.Length; i++)
            {
                var id = ids[i];
                if (_rows > 0 && id <= _ids[_rows - 1])
                {
                    if (id < _ids[_rows - 1])
                    {
                        return false;
                    }

                    throw new EncoreException($"{path}: column '{Columns.ItemId}' holds item {id} more than once.");
                }

                var value = records[i];
                var start = _offsets[_rows];
                if (start + value.Length > _text.Length)
                {
                    Array.Resize(ref _text, Math.Max(start + value.Length, _text.Length * 2));
                }

                value.CopyTo(_text.AsSpan(start));
                _ids[_rows] = id;
                _offsets[++_rows] = checked(start + value.Length);
            }

            return true;
        }
    }
}
