namespace Encore.Core.Data.Generation;

/// <summary>Size and random seed of a synthetic Yandex Music dataset (docs/seed.md §1).</summary>
public sealed record GeneratorOptions
{
    /// <summary>Largest supported user count; user ids must stay within int32.</summary>
    public const int MaxUsers = 100_000_000;

    /// <summary>Largest supported track count; sparse track ids must stay within int32.</summary>
    public const int MaxTracks = 10_000_000;

    /// <summary>Most listens one user can have: track_seq is int16 in the real file.</summary>
    public const int MaxListensPerUser = 20_000;

    /// <summary>Number of users with at least one listen, e.g. 1,373,221 at full scale.</summary>
    public required int Users { get; init; }

    /// <summary>Rows of tracks.parquet, e.g. 1,000,000 at full scale.</summary>
    public required int Tracks { get; init; }

    /// <summary>Mean listens per user (about 160 in the real data).</summary>
    public double EventsPerUser { get; init; } = 160;

    /// <summary>Random seed of every draw: the same options give byte-identical files.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Worker threads for the listens; null uses every core. The output does not depend on it.</summary>
    public int? Threads { get; init; }

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="EncoreException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Users is < 1 or > MaxUsers)
        {
            throw new EncoreException($"users must be between 1 and {MaxUsers:N0} (got {Users}).");
        }

        if (Tracks is < 10 or > MaxTracks)
        {
            throw new EncoreException($"tracks must be between 10 and {MaxTracks:N0} (got {Tracks}).");
        }

        if (!double.IsFinite(EventsPerUser) || EventsPerUser <= 0 || EventsPerUser > MaxListensPerUser)
        {
            throw new EncoreException(
                $"events-per-user must be a number above 0 and at most {MaxListensPerUser:N0} (got {EventsPerUser}).");
        }

        if (Threads is < 1 or > 1024)
        {
            throw new EncoreException($"threads must be between 1 and 1024 (got {Threads}).");
        }
    }
}
