using System.Diagnostics;
using Encore.Core.IO;

namespace Encore.Core.Data.Generation;

/// <summary>
/// Writes a synthetic Yandex Music dataset (tracks.parquet, catalog_names.parquet, interactions.parquet) in
/// the exact published schema, at any scale up to the real one. The generative model is described in
/// docs/data.md.
/// </summary>
public static class DataGenerator
{
    /// <summary>Generates the three raw files into <paramref name="outputDirectory"/>, all or nothing.</summary>
    /// <param name="options">Sizes and random seed; validated first.</param>
    /// <param name="outputDirectory">Created if needed; existing files of the same names are replaced.</param>
    /// <param name="progress">Receives "Generating catalog", "Writing catalog" and "Generating listens" (in users).</param>
    /// <param name="cancellationToken">Stops the run; nothing is left in the output directory.</param>
    /// <returns>Counts of what was written.</returns>
    /// <exception cref="EncoreException">A bad option, or the output cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static GenerationSummary Generate(
        GeneratorOptions options,
        string outputDirectory,
        IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        options.Validate();

        // The file writers are async (Parquet.Net's API); the whole run is one blocking call for the CLI.
        return GenerateAsync(options, outputDirectory, progress ?? NullProgress.Instance, cancellationToken)
            .GetAwaiter().GetResult();
    }

    private static async Task<GenerationSummary> GenerateAsync(
        GeneratorOptions options, string outputDirectory, IProgress<ProgressUpdate> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var output = StagedOutput.Create(outputDirectory);
        try
        {
            progress.Report(new ProgressUpdate("Generating catalog", 0, options.Tracks, "tracks"));
            var catalog = CatalogBuilder.Build(options.Tracks, options.Seed, cancellationToken);
            var model = ListenModel.Build(catalog, options);
            progress.Report(new ProgressUpdate("Generating catalog", options.Tracks, options.Tracks, "tracks"));

            progress.Report(new ProgressUpdate("Writing catalog", 0, 2, "files"));
            var tracks = await TracksFileWriter.WriteAsync(catalog, output.PathFor(FileNames.Tracks), cancellationToken);
            progress.Report(new ProgressUpdate("Writing catalog", 1, 2, "files"));
            var names = await CatalogNamesFileWriter.WriteAsync(catalog, output.PathFor(FileNames.CatalogNames), cancellationToken);
            progress.Report(new ProgressUpdate("Writing catalog", 2, 2, "files"));

            var threads = options.Threads ?? Environment.ProcessorCount;
            var listens = await ListenGenerator.RunAsync(
                model, threads, output.PathFor(FileNames.Interactions), progress, cancellationToken);
            output.Commit();

            return new GenerationSummary(
                Tracks: tracks,
                CatalogNames: names,
                Interactions: listens.Listens,
                Users: options.Users,
                Elapsed: clock.Elapsed,
                Albums: catalog.AlbumCount,
                Artists: catalog.ArtistCount,
                Genres: catalog.GenreCount,
                NamedGenres: catalog.NamedGenreCount,
                OrphanInteractions: listens.Orphans,
                MaxUserId: model.UserIds[^1]);
        }
        catch (IOException e)
        {
            throw new EncoreException($"Output directory '{outputDirectory}' cannot be written: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new EncoreException($"Output directory '{outputDirectory}' cannot be written: {e.Message}", e);
        }
    }
}
