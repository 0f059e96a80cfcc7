using Encore.Core.Data.DuckDb;

namespace Encore.Core.Serving;

/// <summary>Synthetic artifact sets for the service's start-up benchmark (bench/serving/startup.sh).</summary>
public static class SyntheticServingSet
{
    /// <summary>
    /// Writes personal_als.parquet (<paramref name="users"/> × <paramref name="recsPerUser"/>), similar.parquet
    /// (<paramref name="similarSources"/> × <paramref name="similarPerTrack"/>), top_popular.parquet (100) and
    /// items.parquet (<paramref name="tracks"/>) into <paramref name="directory"/>. Same arguments, same files.
    /// </summary>
    /// <exception cref="EncoreException">A size is not positive, or there are fewer tracks than a list needs.</exception>
    public static void Write(string directory, int users, int tracks, int recsPerUser = 50, int similarPerTrack = 10, int? similarSources = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var sources = similarSources ?? tracks;
        if (users < 1 || tracks < 1 || recsPerUser < 1 || similarPerTrack < 1 || sources < 1 || sources > tracks)
        {
            throw new EncoreException($"Synthetic serving set: users ({users}), tracks ({tracks}), lists ({recsPerUser}, {similarPerTrack}) must be positive and similar sources ({sources}) at most the tracks.");
        }

        if (tracks <= 104729 || tracks <= similarPerTrack * 7907)
        {
            throw new EncoreException($"Synthetic serving set: --tracks must be above {Math.Max(104729, similarPerTrack * 7907):N0} so that every list holds distinct tracks; got {tracks:N0}.");
        }

        SyntheticServingWriter.Write(directory, users, tracks, recsPerUser, similarPerTrack, sources);
    }
}
