using System.Data.Common;

namespace Encore.Core.Data.DuckDb;

/// <summary>Turns a DuckDB error into text fit for a user-facing message.</summary>
internal static class DuckDbErrors
{
    /// <summary>The first line of DuckDB's message: the cause, without the query context DuckDB appends.</summary>
    public static string Describe(DbException error)
    {
        var message = error.Message;
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim().TrimEnd('.');
    }
}
