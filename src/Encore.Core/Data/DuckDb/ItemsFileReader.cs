namespace Encore.Core.Data.DuckDb;

/// <summary>Reads the columns of items.parquet that training needs, and copies item metadata into artifacts.</summary>
internal static class ItemsFileReader
{
    /// <summary>Every item id of the catalogue, ascending.</summary>
    public static int[] ReadItemIds(string path)
    {
        using var session = Open(path, out var source, PreparedSchema.ItemId);
        var ids = new List<int>();
        session.Read($"SELECT {Columns.ItemId} FROM {source} ORDER BY 1", reader =>
        {
            while (reader.Read())
            {
                if (reader.IsDBNull(0))
                {
                    throw new EncoreException($"{path}: NULL value in column '{Columns.ItemId}'.");
                }

                ids.Add(reader.GetInt32(0));
            }
        });
        return [.. ids];
    }

    /// <summary>
    /// The (item, genre) pairs of <c>genre_ids</c>, distinct, sorted by item then genre, as two parallel arrays.
    /// Unnested in SQL so that no per-item list object is ever built.
    /// </summary>
    public static (int[] Items, int[] Genres) ReadItemGenres(string path)
    {
        using var session = Open(path, out var source, PreparedSchema.ItemId, PreparedSchema.GenreIds);
        var items = new List<int>();
        var genres = new List<int>();
        session.Read(
            $"""
            SELECT DISTINCT {Columns.ItemId}, g FROM (SELECT {Columns.ItemId}, unnest({Columns.GenreIds}) AS g FROM {source})
            WHERE g IS NOT NULL ORDER BY 1, 2
            """,
            reader =>
            {
                while (reader.Read())
                {
                    items.Add(reader.GetInt32(0));
                    genres.Add(reader.GetInt32(1));
                }
            });
        return ([.. items], [.. genres]);
    }

    /// <summary>
    /// The name of every genre id of items.parquet: prepare writes <c>genres</c> and <c>genre_ids</c> aligned
    /// (genres[i] names genre_ids[i]), from the same catalogue names as genres.parquet, so this needs no other file.
    /// An id given two names keeps the smaller by ordinal order.
    /// </summary>
    public static Dictionary<int, string> ReadGenreNames(string path)
    {
        using var session = Open(path, out var source, PreparedSchema.GenreIds,
            new PreparedColumn(Columns.Genres, PreparedColumnKind.TextList, "VARCHAR[]"));
        var names = new Dictionary<int, string>();
        session.Read(
            $"""
            SELECT id, min(name) FROM (SELECT unnest({Columns.GenreIds}) AS id, unnest({Columns.Genres}) AS name FROM {source})
            WHERE id IS NOT NULL AND name IS NOT NULL GROUP BY id ORDER BY id
            """,
            reader =>
            {
                while (reader.Read())
                {
                    names[reader.GetInt32(0)] = reader.GetString(1);
                }
            });
        return names;
    }

    /// <summary>
    /// The distinct (item, name) pairs of a list column of names (<c>artists</c> or <c>albums</c>), sorted by item
    /// then name, with each distinct name numbered 0..n-1 in name order: the ranker's artist and album ids.
    /// </summary>
    /// <returns>Parallel item and name-number arrays, and how many distinct names there are.</returns>
    public static (int[] Items, int[] Names, int NameCount) ReadItemNames(string path, string column)
    {
        using var session = Open(path, out var source, PreparedSchema.ItemId);
        var items = new List<int>();
        var names = new List<int>();
        var count = 0;
        session.Read(
            $"""
            SELECT {Columns.ItemId}, CAST(dense_rank() OVER (ORDER BY n) - 1 AS INTEGER) AS id
            FROM (SELECT DISTINCT {Columns.ItemId}, n FROM (SELECT {Columns.ItemId}, unnest({column}) AS n FROM {source}) WHERE n IS NOT NULL)
            ORDER BY 1, 2
            """,
            reader =>
            {
                while (reader.Read())
                {
                    items.Add(reader.GetInt32(0));
                    var id = reader.GetInt32(1);
                    names.Add(id);
                    count = Math.Max(count, id + 1);
                }
            });
        return ([.. items], [.. names], count);
    }

    /// <summary>
    /// Writes top_popular.parquet: the given ranked rows joined with the item's name, genres, artists and albums
    /// (docs/seed.md §4.2 column order), sorted by rank. Rows come in as a VALUES list: there are only ~100.
    /// </summary>
    public static void WriteTopPopular(string itemsPath, ReadOnlySpan<int> itemIds, ReadOnlySpan<long> plays, ReadOnlySpan<long> users, string path)
    {
        using var session = Open(itemsPath, out var source, [.. PreparedSchema.Items.Where(c => c.Name != Columns.GenreIds)]);
        var values = new System.Text.StringBuilder();
        for (var i = 0; i < itemIds.Length; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture,
                $"({i + 1}, {itemIds[i]}, {plays[i]}, {users[i]})");
        }

        var rows = itemIds.IsEmpty
            ? "SELECT 1 AS r, 0 AS i, 0 AS p, 0 AS u WHERE false"
            : $"SELECT * FROM (VALUES {values}) AS v(r, i, p, u)";
        session.Execute(
            $"""
            COPY (
                SELECT CAST(v.r AS INTEGER) AS rank, CAST(v.i AS INTEGER) AS {Columns.ItemId},
                       CAST(v.p AS BIGINT) AS plays, CAST(v.u AS BIGINT) AS users,
                       it.{Columns.Name}, it.{Columns.Genres}, it.{Columns.Artists}, it.{Columns.Albums}
                FROM ({rows}) v
                JOIN {source} it ON it.{Columns.ItemId} = v.i
                ORDER BY v.r
            ) TO {Sql.Literal(path)} (FORMAT parquet, COMPRESSION zstd)
            """);
    }

    /// <summary>A session on <paramref name="path"/>, once the columns the caller reads are there with the types it casts to.</summary>
    private static DuckDbSession Open(string path, out string source, params PreparedColumn[] reads)
    {
        // One thread: these reads are small, and one thread keeps COPY output order and bytes fixed. A session that
        // reads the file, so that whatever a query throws (a corrupt page, a cast) names it.
        var session = DuckDbSession.ForFile(path, threads: 1);
        try
        {
            var parquet = ParquetSource.Open(session, path);
            PreparedParquetInspector.Check(parquet, reads);
            source = parquet.From;
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
