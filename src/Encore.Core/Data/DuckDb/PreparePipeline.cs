
namespace Encore.Core.Data.DuckDb;

/// <summary>The three raw files, checked.</summary>
internal sealed record RawInputs(RawFileInfo Tracks, RawFileInfo CatalogNames, RawFileInfo Interactions)
{
    /// <summary>Checks every raw file against <see cref="RawSchema"/>, in the order of <see cref="RawSchema.All"/>.</summary>
    public static RawInputs Inspect(DuckDbSession session, string rawDirectory) => new(
        RawParquetInspector.Inspect(session, rawDirectory, RawSchema.Tracks),
        RawParquetInspector.Inspect(session, rawDirectory, RawSchema.CatalogNames),
        RawParquetInspector.Inspect(session, rawDirectory, RawSchema.Interactions));
}

/// <summary>Where the pipeline writes its three Parquet files (staged paths).</summary>
internal sealed record PreparedPaths(string Items, string Genres, string Events);

/// <summary>
/// Runs the <see cref="PrepareSql"/> steps in order on one session, checks the values the schema check
/// cannot see (catalog types, genre id range, duplicate track ids), and collects the counts of every step.
/// </summary>
internal sealed class PreparePipeline(
    DuckDbSession session,
    PrepareOptions options,
    IProgress<ProgressUpdate> progress,
    CancellationToken cancellationToken)
{
    private readonly List<StepCount> _steps = [];
    private readonly List<DropCount> _drops = [];

    public PrepareSummary Run(RawInputs raw, PreparedPaths paths)
    {
        _steps.Add(new StepCount(PrepareSteps.RawCatalogNames, raw.CatalogNames.Rows));
        Step("loading catalog names", () =>
        {
            session.ExecuteCancellable(PrepareSql.LoadCatalog(raw.CatalogNames), cancellationToken);
            var unknown = session.Query(PrepareSql.FirstUnknownCatalogType(), r => r.GetString(0));
            if (unknown.Count > 0)
            {
                throw new EncoreException(
                    $"{raw.CatalogNames.DisplayPath}: column '{Columns.Type}' has unknown value '{unknown[0]}' " +
                    $"(expected one of {string.Join(", ", RawSchema.CatalogTypeValues)}).");
            }

            var wideGenre = session.Query(PrepareSql.FirstGenreIdOutsideInt32(), r => r.GetString(0));
            if (wideGenre.Count > 0)
            {
                throw new EncoreException(
                    $"{raw.CatalogNames.DisplayPath}: column '{Columns.Id}' has genre id {wideGenre[0]}, " +
                    "outside the int32 range of genre_ids.");
            }
        });

        Step("loading tracks", () =>
        {
            session.ExecuteCancellable(PrepareSql.LoadTracks(raw.Tracks), cancellationToken);
            var duplicate = session.Query(PrepareSql.FirstDuplicateTrackId(), r => r.GetInt32(0));
            if (duplicate.Count > 0)
            {
                throw new EncoreException(
                    $"{raw.Tracks.DisplayPath}: column '{Columns.TrackId}' has duplicate value {duplicate[0]}.");
            }

            var (total, kept) = session.Query(PrepareSql.CountTracks(), r => (r.GetInt64(0), r.GetInt64(1)))[0];
            _steps.Add(new StepCount(PrepareSteps.RawTracks, total));
            _steps.Add(new StepCount(PrepareSteps.TracksKept, kept));
            _drops.Add(new DropCount(PrepareDrops.TracksWithEmptyList, total - kept, total));
        });

        Step("looking up album, artist and genre names", () =>
        {
            session.ExecuteCancellable(PrepareSql.LoadTrackElements(), cancellationToken);
            var unknown = session.Query(PrepareSql.CountUnknownElements(), r => (Type: r.GetString(0), Count: r.GetInt64(1)))
                .ToDictionary(u => u.Type, u => u.Count, StringComparer.Ordinal);
            _drops.Add(new DropCount(PrepareDrops.UnknownAlbumIds, unknown.GetValueOrDefault(CatalogTypes.Album)));
            _drops.Add(new DropCount(PrepareDrops.UnknownArtistIds, unknown.GetValueOrDefault(CatalogTypes.Artist)));
            _drops.Add(new DropCount(PrepareDrops.UnknownGenreIds, unknown.GetValueOrDefault(CatalogTypes.Genre)));
            session.ExecuteCancellable(PrepareSql.LoadTrackNames(), cancellationToken);
            _drops.Add(new DropCount(PrepareDrops.MissingTitles, session.Scalar<long>(PrepareSql.CountMissingTitles())));
        });

        Step($"writing {FileNames.Items}", () => session.ExecuteCancellable(PrepareSql.WriteItems(paths.Items), cancellationToken));
        Step($"writing {FileNames.GenresTable}", () => session.ExecuteCancellable(PrepareSql.WriteGenres(paths.Genres), cancellationToken));

        long keptListens = 0, sampled = 0;
        Step("counting listens per track", () =>
        {
            session.ExecuteCancellable(PrepareSql.LoadListensPerTrack(raw.Interactions, options.SubsampleStep), cancellationToken);
            var (rawListens, ofKept, ofRemoved, ofAbsent, keptSampled) = session.Query(
                PrepareSql.CountListens(),
                r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)))[0];
            _steps.Add(new StepCount(PrepareSteps.RawListens, rawListens));
            _steps.Add(new StepCount(PrepareSteps.ListensOfKeptTracks, ofKept));
            _drops.Add(new DropCount(PrepareDrops.ListensOfRemovedTracks, ofRemoved, rawListens));
            _drops.Add(new DropCount(PrepareDrops.ListensOfAbsentTracks, ofAbsent, rawListens));
            keptListens = ofKept;
            sampled = keptSampled;
        });

        Step($"writing {FileNames.Events}", () =>
        {
            var written = session.ExecuteCancellable(PrepareSql.WriteEvents(raw.Interactions, options.SubsampleStep, paths.Events), cancellationToken);
            if (written != sampled)
            {
                // Both numbers come from the same rules; a mismatch is a bug, not bad input.
                throw new InvalidOperationException(
                    $"{FileNames.Events}: wrote {written} rows but the per-track count expected {sampled}.");
            }

            _steps.Add(new StepCount(PrepareSteps.ListensAfterSubsample, written));
            _drops.Add(new DropCount(PrepareDrops.ListensSubsampledOut, keptListens - written, keptListens));
        });

        SplitSummary split = null!;
        Step("counting the train/test split", () =>
        {
            var (trainEvents, testEvents, trainUsers, testUsers, coldUsers) = session.Query(
                PrepareSql.CountSplit(paths.Events, options.SplitDate),
                r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)))[0];
            split = new SplitSummary(options.SplitDate, trainEvents, testEvents, trainUsers, testUsers, coldUsers);
        });

        return new PrepareSummary(_steps, _drops, split, options.SubsampleStep);
    }

    /// <summary>Runs one step with progress, a cancellation check, and DuckDB errors turned into user errors.</summary>
    private void Step(string description, Action body) =>
        DuckDbStep.Run(
            "prepare",
            description,
            body,
            e => e.Message.StartsWith("Out of Memory", StringComparison.Ordinal)
                ? " Raise memory-limit (now " + (options.MemoryLimit ?? PrepareOptions.DefaultMemoryLimit) + ")."
                : "",
            progress,
            cancellationToken);
}
