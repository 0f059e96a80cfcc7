using Encore.Core.Data;
using Encore.Core.Data.DuckDb;
using Encore.Core.Data.Interactions;

namespace Encore.Core.Training;

/// <summary>
/// The id maps of a data directory imported with string ids (user_ids.parquet, item_ids.parquet), checked against the
/// data they belong to before training spends a minute on it.
/// </summary>
internal static class IdMaps
{
    /// <summary>The maps present in <paramref name="dataDirectory"/>, each read and checked to cover the dataset's ids.</summary>
    /// <exception cref="EncoreException">A map is malformed, or the data holds an id the map does not (a stale map: import again).</exception>
    public static List<(IdMapFile File, IdMap Map)> Read(string dataDirectory, Dataset dataset)
    {
        var maps = new List<(IdMapFile, IdMap)>();
        foreach (var file in IdMapFile.Both)
        {
            var path = Path.Combine(dataDirectory, file.File);
            if (!File.Exists(path))
            {
                continue;
            }

            var map = file.Read(path);
            var ids = file == IdMapFile.Users ? dataset.Users : dataset.Items;
            var source = file == IdMapFile.Users ? FileNames.Events : FileNames.Items;
            if (ids.Count > 0 && (ids.ExternalIds[0] < 0 || ids.ExternalIds[^1] >= map.Count))
            {
                var outside = ids.ExternalIds[0] < 0 ? ids.ExternalIds[0] : ids.ExternalIds[^1];
                throw new EncoreException(
                    $"{path}: maps ids 0..{map.Count - 1}, but {source} has {file.IdColumn} {outside}: the map does not belong to " +
                    "this data (run 'encore import' again, which writes both).");
            }

            maps.Add((file, map));
        }

        return maps;
    }

    /// <summary>Removes maps an earlier training left in the artifacts directory that this set does not have.</summary>
    public static void DeleteStale(string artifactsDirectory, List<(IdMapFile File, IdMap Map)> written)
    {
        foreach (var file in IdMapFile.Both)
        {
            if (!written.Exists(m => m.File == file))
            {
                File.Delete(Path.Combine(artifactsDirectory, file.File));
            }
        }
    }
}
