namespace Encore.Core.Data.Generation;

/// <summary>What <see cref="DataGenerator.Generate"/> wrote.</summary>
/// <param name="Tracks">Rows of tracks.parquet.</param>
/// <param name="CatalogNames">Rows of catalog_names.parquet.</param>
/// <param name="Interactions">Rows of interactions.parquet.</param>
/// <param name="Users">Distinct users in interactions.parquet.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
/// <param name="Albums">Albums in the catalog.</param>
/// <param name="Artists">Artists in the catalog.</param>
/// <param name="Genres">Distinct genre ids referenced by tracks (named or not).</param>
/// <param name="NamedGenres">Genres with a name in the catalog.</param>
/// <param name="OrphanInteractions">Listens of track ids absent from tracks.parquet (deliberate dirt).</param>
/// <param name="MaxUserId">Largest user_id; above <c>Users - 1</c> because ids are not dense.</param>
public sealed record GenerationSummary(
    long Tracks,
    long CatalogNames,
    long Interactions,
    int Users,
    TimeSpan Elapsed,
    int Albums,
    int Artists,
    int Genres,
    int NamedGenres,
    long OrphanInteractions,
    int MaxUserId);
