using Encore.Core.Data.Interactions;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// One of the id maps an import with string ids writes (docs/import.md): user_ids.parquet (<c>user_id</c> INT32,
/// <c>original_user_id</c> VARCHAR) or item_ids.parquet (<c>item_id</c>, <c>original_item_id</c>), one row per id,
/// ids 0..n-1 in order. <c>train</c> copies them into the artifact set, where the service reads them back.
/// </summary>
/// <param name="File">The file name, in the data directory and in the artifact set alike.</param>
/// <param name="IdColumn">The dense int id, as events.parquet and every artifact hold it.</param>
/// <param name="OriginalColumn">The id as the imported log wrote it.</param>
public sealed record IdMapFile(string File, string IdColumn, string OriginalColumn)
{
    public static IdMapFile Users { get; } = new(FileNames.UserIds, Columns.UserId, Columns.OriginalUserId);

    public static IdMapFile Items { get; } = new(FileNames.ItemIds, Columns.ItemId, Columns.OriginalItemId);

    /// <summary>Both maps, users first.</summary>
    public static IReadOnlyList<IdMapFile> Both { get; } = [Users, Items];

    /// <summary>Reads the map at <paramref name="path"/> (a file of this kind).</summary>
    /// <exception cref="EncoreException">
    /// The file is missing or not Parquet, a column is missing or of the wrong type, an id is NULL or the ids are not
    /// 0..n-1, or an original is NULL, empty or repeated: named with the file and column.
    /// </exception>
    public IdMap Read(string path)
    {
        using var session = DuckDbSession.ForFile(path, threads: 1);
        var parquet = ParquetSource.Open(session, path);
        parquet.RequireInt32(IdColumn);
        parquet.Require(OriginalColumn, t => t == "VARCHAR", "VARCHAR");
        parquet.RejectNulls(session, IdColumn, OriginalColumn);
        var id = Sql.Identifier(IdColumn);
        var original = Sql.Identifier(OriginalColumn);
        var (rows, min, max, empty) = session.Query(
            $"SELECT count(*), coalesce(min({id}), 0), coalesce(max({id}), -1), count(*) FILTER (WHERE {original} = '') FROM {parquet.From}",
            r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)))[0];
        if (rows == 0)
        {
            throw new EncoreException($"{path}: the id map has no rows.");
        }

        if (empty > 0)
        {
            throw new EncoreException($"{path}: column '{OriginalColumn}' has {empty:N0} empty values.");
        }

        // Ids in order, each once, make the i-th row id i: checked while reading, with the repeated originals.
        var originals = session.Query($"SELECT {id}, {original} FROM {parquet.From} ORDER BY {id}", r => (Id: r.GetInt32(0), Text: r.GetString(1)));
        for (var i = 0; i < originals.Count; i++)
        {
            if (originals[i].Id != i)
            {
                throw new EncoreException($"{path}: column '{IdColumn}' must hold each id 0..{rows - 1} once (found {min}..{max}, {originals[i].Id} at row {i}).");
            }
        }

        var texts = originals.ConvertAll(o => o.Text);
        try
        {
            return IdMap.FromOriginals(texts);
        }
        catch (ArgumentException e)
        {
            // Only now, on the way out, find which original is repeated, to name it.
            var seen = new Dictionary<string, int>(texts.Count, StringComparer.Ordinal);
            for (var i = 0; i < texts.Count; i++)
            {
                if (!seen.TryAdd(texts[i], i))
                {
                    throw new EncoreException($"{path}: column '{OriginalColumn}' repeats '{texts[i]}' (ids {seen[texts[i]]} and {i}).", e);
                }
            }

            throw;
        }
    }
}
