using System.Data.Common;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// Turns what reading a file through DuckDB can throw into text fit for a user-facing message, and into the one
/// named error every reader reports: a corrupt data page behind a valid footer, a value of an unexpected type or a
/// truncated file all end as an <see cref="EncoreException"/> that names the file.
/// </summary>
internal static class DuckDbErrors
{
    /// <summary>The first line of DuckDB's message: the cause, without the query context DuckDB appends.</summary>
    public static string Describe(DbException error) => FirstLine(error.Message);

    /// <summary>The first line of a native error message, or a placeholder when DuckDB gave none.</summary>
    public static string FirstLine(string? message)
    {
        message ??= "unknown DuckDB error";
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim().TrimEnd('.');
    }

    /// <summary>The error for a file DuckDB could not read, with DuckDB's <paramref name="cause"/>.</summary>
    public static EncoreException Unreadable(string source, string? cause, Exception? inner = null)
    {
        var message = $"{source}: cannot be read as Parquet ({FirstLine(cause)}).";
        return inner is null ? new EncoreException(message) : new EncoreException(message, inner);
    }

    /// <summary>
    /// The named read error for <paramref name="error"/>, thrown while <paramref name="source"/> was read; null for
    /// what must pass through unchanged: an error already named (<see cref="EncoreException"/>), a cancellation, and
    /// running out of memory.
    /// </summary>
    public static EncoreException? ReadFailure(string source, Exception error) => error switch
    {
        EncoreException or OperationCanceledException or OutOfMemoryException => null,
        DbException db => Unreadable(source, Describe(db), error),
        InvalidCastException or FormatException or OverflowException =>
            new EncoreException($"{source}: a column holds values of an unexpected type ({FirstLine(error.Message)}).", error),
        _ => new EncoreException($"{source}: cannot read ({error.GetType().Name}: {FirstLine(error.Message)}).", error),
    };
}
