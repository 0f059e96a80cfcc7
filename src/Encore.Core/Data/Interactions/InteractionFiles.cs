using Encore.Core.Data.DuckDb;

namespace Encore.Core.Data.Interactions;

/// <summary>Reads a play-count matrix from whichever interaction file a benchmark is given.</summary>
public static class InteractionFiles
{
    /// <summary>
    /// An events.parquet (<c>.parquet</c>: plays per pair are the summed <c>weight</c>, or the event count) or a
    /// <c>user,item[,weight]</c> text file as <see cref="InteractionTextFile.Read"/> reads it.
    /// </summary>
    /// <exception cref="EncoreException">The file is missing or malformed; the message names it.</exception>
    public static InteractionTextFile ReadPlays(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? EventPairsReader.Read(path, cancellationToken)
            : InteractionTextFile.Read(path, InteractionValues.PlayCount);
    }
}
