namespace Encore.Core.Data.DuckDb;

/// <summary>
/// (key, value, score[, rank]) rows grouped by key as CSR: keys ascending, each key's values best first. The
/// shape of personal_als.parquet (user → items) and similar.parquet (item → similar items).
/// </summary>
internal sealed record RankedPairs(int[] Keys, int[] Offsets, int[] Values, double[]? Scores);

/// <summary>
/// Reads <see cref="RankedPairs"/> in one forward scan when the file is already sorted by key then rank, as the
/// artifact contract says (68M ALS rows stream in a few seconds with no sort); any other order is sorted by
/// DuckDB on a second pass. The same scan checks what the writers guarantee (RankedListsFileWriter,
/// RecommendationsFileWriter), so a malformed set is refused rather than served: no value twice in a key's list,
/// and, where the file has a rank column, each key's ranks run 1, 2, …, n.
/// </summary>
internal static class RankedPairsReader
{
    /// <param name="path">The Parquet file.</param>
    /// <param name="keyColumn">The int32 grouping column (user_id, item_id_1).</param>
    /// <param name="valueColumn">The int32 ranked column (item_id, item_id_2).</param>
    /// <param name="keepScores">Also return each value's score (as double).</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <param name="threads">DuckDB's worker threads; null uses every core (give fewer when several files load at once).</param>
    /// <remarks>
    /// Rank order is the <c>rank</c> column when the file has one (ties keep file order), otherwise score
    /// descending (ties keep file order in a sorted file, and go by value in an unsorted one).
    /// </remarks>
    /// <exception cref="EncoreException">
    /// Missing file or column, wrong type, NULL or NaN, a value listed twice for one key, ranks that are not 1..n;
    /// naming file and column.
    /// </exception>
    public static RankedPairs Read(string path, string keyColumn, string valueColumn, bool keepScores, CancellationToken cancellationToken, int? threads = null)
    {
        using var session = DuckDbSession.ForFile(path, threads);
        var parquet = ParquetSource.Open(session, path);
        parquet.RequireInt32(keyColumn);
        parquet.RequireInt32(valueColumn);
        parquet.Require(Columns.Score, ParquetSource.IsNumber, "DOUBLE");
        var hasRank = parquet.Has(Columns.Rank);
        if (hasRank)
        {
            parquet.Require(Columns.Rank, t => ParquetSource.IsInteger(t) || t == "BIGINT", "INTEGER");
        }

        var count = parquet.CountRows(session);
        var key = Sql.Identifier(keyColumn);
        var value = Sql.Identifier(valueColumn);
        var score = Sql.Identifier(Columns.Score);
        var rank = Sql.Identifier(Columns.Rank);
        // Only the columns needed: with a rank to order by, scores are read only when asked for (one column fewer over
        // 68M rows). NULLs are caught per chunk from DuckDB's validity masks, not by a separate scan.
        var columns = new List<string> { keyColumn, valueColumn };
        var select = $"SELECT CAST({key} AS INTEGER), CAST({value} AS INTEGER)";
        if (hasRank)
        {
            columns.Add(Columns.Rank);
            select += $", CAST({rank} AS BIGINT)";
        }

        if (keepScores || !hasRank)
        {
            columns.Add(Columns.Score);
            select += $", CAST({score} AS DOUBLE)";
        }
        else
        {
            // Unread scores must still be numbers; row-group statistics answer this without a scan when present.
            parquet.RejectNulls(session, Columns.Score);
        }

        select += $" FROM {parquet.From}";
        var scan = new Scan(path, count, hasRank, keepScores, [.. columns]);
        if (scan.Run(session, select, cancellationToken))
        {
            return scan.Result();
        }

        var order = hasRank ? $"{key}, {rank}" : $"{key}, {score} DESC, {value}";
        scan = new Scan(path, count, hasRank, keepScores, [.. columns]);
        scan.Run(session, $"{select} ORDER BY {order}", cancellationToken);
        return scan.Result();
    }

    /// <summary>One pass over the rows, chunk by chunk; gives up as soon as they are not grouped and ranked.</summary>
    private sealed class Scan(string path, int count, bool hasRank, bool keepScores, string[] columns)
    {
        private readonly List<int> _keys = [];
        private readonly List<int> _offsets = [0];
        private readonly int[] _values = new int[count];
        private readonly double[]? _scores = keepScores ? new double[count] : null;
        private readonly ListMembers _members = new();
        private string? _problem;
        private int _rows;
        private int _previousKey;
        private double _previousScore;
        private long _previousRank;

        /// <returns>False when a row breaks the key-then-rank order.</returns>
        public bool Run(DuckDbSession session, string sql, CancellationToken cancellationToken)
        {
            var ordered = true;
            DuckDbChunks.Stream(session, sql, path, chunk => ordered = ordered && Read(chunk), cancellationToken);
            return ordered;
        }

        /// <exception cref="EncoreException">The rows, in key-then-rank order, break the lists' contract.</exception>
        public RankedPairs Result()
        {
            if (_problem is not null)
            {
                throw new EncoreException($"{path}: {_problem}");
            }

            if (_keys.Count > 0)
            {
                _offsets.Add(_rows);
            }

            return new RankedPairs([.. _keys], [.. _offsets], _values, _scores);
        }

        private bool Read(DuckDbChunk chunk)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var nullRow = chunk.FirstNull(c);
                if (nullRow >= 0)
                {
                    throw new EncoreException($"{path}: column '{columns[c]}' has NULL values (row {_rows + nullRow + 1:N0}).");
                }
            }

            if (_rows + chunk.Size > _values.Length)
            {
                throw new EncoreException($"{path}: the file changed while it was read.");
            }

            var keys = chunk.Int32(0);
            var values = chunk.Int32(1);
            values.CopyTo(_values.AsSpan(_rows));
            var ranks = hasRank ? chunk.Int64(2) : default;
            var scores = keepScores || !hasRank ? chunk.Double(columns.Length - 1) : default;
            for (var i = 0; i < keys.Length; i++)
            {
                var key = keys[i];
                var score = scores.IsEmpty ? 0 : scores[i];
                var rank = ranks.IsEmpty ? 0 : ranks[i];
                if (double.IsNaN(score))
                {
                    throw new EncoreException($"{path}: column '{Columns.Score}' is NaN in row {_rows + i + 1:N0}; scores must be numbers.");
                }

                var row = _rows + i;
                if (row == 0 || key != _previousKey)
                {
                    if (row > 0 && key < _previousKey)
                    {
                        return false;
                    }

                    if (row > 0)
                    {
                        _offsets.Add(row);
                    }

                    _keys.Add(key);
                    _members.Next();
                    if (hasRank && rank != 1)
                    {
                        Flag($"column '{Columns.Rank}': {columns[0]} {key}'s list starts at rank {rank}, not 1.");
                    }
                }
                else if (hasRank ? rank < _previousRank : score > _previousScore)
                {
                    return false;
                }
                else if (hasRank && rank != _previousRank + 1)
                {
                    Flag(rank == _previousRank
                        ? $"column '{Columns.Rank}': {columns[0]} {key} has rank {rank} twice."
                        : $"column '{Columns.Rank}': {columns[0]} {key}'s ranks skip from {_previousRank} to {rank}.");
                }

                if (!_members.Add(values[i]))
                {
                    Flag($"column '{columns[1]}': {columns[0]} {key} lists item {values[i]} twice (duplicate rows).");
                }

                _previousKey = key;
                _previousScore = score;
                _previousRank = rank;
            }

            if (_scores is not null)
            {
                scores.CopyTo(_scores.AsSpan(_rows));
            }

            _rows += keys.Length;
            return true;
        }

        /// <summary>
        /// Keeps the first problem until the scan ends: a scan that turns out unsorted is redone in order, and only
        /// the ordered rows can say whether a list is malformed.
        /// </summary>
        private void Flag(string problem) => _problem ??= problem;
    }
}
