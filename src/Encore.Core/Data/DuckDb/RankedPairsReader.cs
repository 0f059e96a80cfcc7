using System.Data.Common;
using Encore.Core.Artifacts;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// (key, value, score[, rank]) rows grouped by key as CSR: keys ascending, each key's values best first. The
/// shape of personal_als.parquet (user → items) and similar.parquet (item → similar items).
/// </summary>
internal sealed record RankedPairs(int[] Keys, int[] Offsets, int[] Values, double[]? Scores);

/// <summary>
/// Reads <see cref="RankedPairs"/> in one forward scan when the file is already sorted by key then rank, as the
/// artifact contract says (68M ALS rows stream in a few seconds with no sort); any other order is sorted by
/// DuckDB on a second pass.
/// </summary>
internal static class RankedPairsReader
{
    /// <param name="path">The Parquet file.</param>
    /// <param name="keyColumn">The int32 grouping column (user_id, item_id_1).</param>
    /// <param name="valueColumn">The int32 ranked column (item_id, item_id_2).</param>
    /// <param name="keepScores">Also return each value's score (as double).</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <remarks>
    /// Rank order is the <c>rank</c> column when the file has one (ties keep file order), otherwise score
    /// descending (ties keep file order in a sorted file, and go by value in an unsorted one).
    /// </remarks>
    /// <exception cref="EncoreException">Missing file or column, wrong type, NULL or NaN, naming file and column.</exception>
    public static RankedPairs Read(string path, string keyColumn, string valueColumn, bool keepScores, CancellationToken cancellationToken)
    {
        using var session = new DuckDbSession();
        var parquet = ParquetSource.Open(session, path);
        parquet.RequireInt32(keyColumn);
        parquet.RequireInt32(valueColumn);
        parquet.Require(Columns.Score, ParquetSource.IsNumber, "DOUBLE");
        var hasRank = parquet.Has(ArtifactFiles.Rank);
        if (hasRank)
        {
            parquet.Require(ArtifactFiles.Rank, t => ParquetSource.IsInteger(t) || t == "BIGINT", "INTEGER");
            parquet.RejectNulls(session, keyColumn, valueColumn, Columns.Score, ArtifactFiles.Rank);
        }
        else
        {
            parquet.RejectNulls(session, keyColumn, valueColumn, Columns.Score);
        }

        var count = parquet.CountRows(session);
        var key = Sql.Identifier(keyColumn);
        var value = Sql.Identifier(valueColumn);
        var score = Sql.Identifier(Columns.Score);
        var rank = hasRank ? $"CAST({Sql.Identifier(ArtifactFiles.Rank)} AS BIGINT)" : "0::BIGINT";
        // With a rank to order by, scores are read only when asked for: one column fewer over 68M rows.
        var scoreValue = hasRank && !keepScores ? "0::DOUBLE" : $"CAST({score} AS DOUBLE)";
        var select = $"SELECT {key}, {value}, {scoreValue}, {rank} FROM {parquet.From}";
        var scan = new Scan(path, count, hasRank, keepScores);
        if (scan.Run(session, select, cancellationToken))
        {
            return scan.Result();
        }

        var order = hasRank ? $"{key}, {rank}" : $"{key}, {score} DESC, {value}";
        scan = new Scan(path, count, hasRank, keepScores);
        scan.Run(session, $"{select} ORDER BY {order}", cancellationToken);
        return scan.Result();
    }

    /// <summary>One pass over the rows; gives up as soon as they are not grouped and ranked.</summary>
    private sealed class Scan(string path, int count, bool hasRank, bool keepScores)
    {
        private readonly List<int> _keys = [];
        private readonly List<int> _offsets = [0];
        private readonly int[] _values = new int[count];
        private readonly double[]? _scores = keepScores ? new double[count] : null;

        /// <returns>False when a row breaks the key-then-rank order.</returns>
        public bool Run(DuckDbSession session, string sql, CancellationToken cancellationToken)
        {
            var ordered = true;
            session.Read(sql, reader => ordered = Read(reader, cancellationToken));
            return ordered;
        }

        public RankedPairs Result()
        {
            if (_keys.Count > 0)
            {
                _offsets.Add(_values.Length);
            }

            return new RankedPairs([.. _keys], [.. _offsets], _values, _scores);
        }

        private bool Read(DbDataReader reader, CancellationToken cancellationToken)
        {
            var i = 0;
            var previousKey = 0;
            var previousScore = 0.0;
            var previousRank = 0L;
            while (reader.Read())
            {
                var key = reader.GetInt32(0);
                var score = reader.GetDouble(2);
                var rank = reader.GetInt64(3);
                if (double.IsNaN(score))
                {
                    throw new EncoreException($"{path}: column '{Columns.Score}' is NaN in row {i + 1:N0}; scores must be numbers.");
                }

                if (i == 0 || key != previousKey)
                {
                    if (i > 0 && key < previousKey)
                    {
                        return false;
                    }

                    if (i > 0)
                    {
                        _offsets.Add(i);
                    }

                    _keys.Add(key);
                }
                else if (hasRank ? rank < previousRank : score > previousScore)
                {
                    return false;
                }

                _values[i] = reader.GetInt32(1);
                if (_scores is not null)
                {
                    _scores[i] = score;
                }

                previousKey = key;
                previousScore = score;
                previousRank = rank;
                if ((++i & 0xFFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            return true;
        }
    }
}
