namespace Encore.Core.Data.DuckDb;

/// <summary>Checks a prepared file's schema against <see cref="PreparedSchema"/>: only the footer is read.</summary>
internal static class PreparedParquetInspector
{
    /// <exception cref="EncoreException">The file is missing or not Parquet, or a column is missing or of another type.</exception>
    public static void Check(string path, IReadOnlyList<PreparedColumn> columns)
    {
        using var session = DuckDbSession.ForFile(path, threads: 1);
        Check(ParquetSource.Open(session, path), columns);
    }

    /// <inheritdoc cref="Check(string, IReadOnlyList{PreparedColumn})"/>
    public static void Check(ParquetSource source, IReadOnlyList<PreparedColumn> columns)
    {
        foreach (var column in columns)
        {
            source.Require(column.Name, type => Accepts(column.Kind, type), column.ExpectedType);
        }
    }

    private static bool Accepts(PreparedColumnKind kind, string type) => kind switch
    {
        PreparedColumnKind.Id => ParquetSource.IsInteger(type),
        PreparedColumnKind.IdList => type.EndsWith("[]", StringComparison.Ordinal) && ParquetSource.IsInteger(type[..^2]),
        PreparedColumnKind.Text => type == "VARCHAR",
        PreparedColumnKind.TextList => type == "VARCHAR[]",
        PreparedColumnKind.Timestamp => type == "DATE" || type.StartsWith("TIMESTAMP", StringComparison.Ordinal),
        _ => false,
    };
}
