using System.Data.Common;
using Encore.Core.Data.Import;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// Runs <see cref="ImportSql"/> on one session: finds the asked-for columns, loads them as text, checks every
/// value (the first bad one is reported by column, line and value), then writes events and items.
/// </summary>
internal sealed class ImportPipeline(
    DuckDbSession session,
    ImportOptions options,
    IProgress<ProgressUpdate> progress,
    CancellationToken cancellationToken)
{
    private const string EventsTable = "import_events";
    private const string NamesTable = "import_names";

    private const string UserMapTable = "import_user_ids";
    private const string ItemMapTable = "import_item_ids";
    private const string IntegerId = "an integer id in the int32 range";
    private const string StringId = "a non-empty id";

    /// <param name="eventsSeparator">The log's separator.</param>
    /// <param name="namesSeparator">The names file's separator.</param>
    /// <param name="eventsPath">Where events.parquet goes.</param>
    /// <param name="itemsPath">Where items.parquet goes.</param>
    /// <param name="mapPath">Where an id map goes, when a column holds string ids.</param>
    public ImportSummary Run(char eventsSeparator, char namesSeparator, string eventsPath, string itemsPath, Func<IdMapFile, string> mapPath)
    {
        // ISO times without an offset are read as UTC, never as the machine's zone.
        session.Execute("SET TimeZone = 'UTC'");
        var events = new CsvSource(options.EventsPath, eventsSeparator, options.Header);
        var time = ImportTimeKind.None;
        ImportIds users = ImportIds.Integer("u");
        ImportIds items = ImportIds.Integer("i");
        Step($"reading {options.EventsPath}", () =>
        {
            var found = ColumnsOf(events, "--events");
            var wanted = new List<(string, string)>
            {
                (Require(events, found, options.UserColumn, "--user-col"), "u"),
                (Require(events, found, options.ItemColumn, "--item-col"), "i"),
            };
            if (options.WeightColumn is not null)
            {
                wanted.Add((Require(events, found, options.WeightColumn, "--weight-col"), "w"));
            }

            if (options.TimeColumn is not null)
            {
                wanted.Add((Require(events, found, options.TimeColumn, "--time-col"), "t"));
            }

            session.ExecuteCancellable(ImportSql.Load(EventsTable, events, found, wanted), cancellationToken);
            if (session.Scalar<long>($"SELECT count(*) FROM {EventsTable}") == 0)
            {
                throw new EncoreException($"--events: file '{options.EventsPath}' has no data rows.");
            }
        });

        Step("checking ids, weights and times", () =>
        {
            users = CheckIds(events, "u", options.UserColumn, UserMapTable);
            items = CheckIds(events, "i", options.ItemColumn, ItemMapTable);
            if (options.WeightColumn is not null)
            {
                CheckFirst(events, ImportSql.FirstBadWeight(EventsTable, "w"), options.WeightColumn, "a finite number above 0");
            }

            if (options.TimeColumn is not null)
            {
                time = session.Scalar<long>(ImportSql.CountNonNumeric(EventsTable, "t")) == 0
                    ? ImportTimeKind.UnixSeconds
                    : ImportTimeKind.IsoDateTime;
                CheckFirst(
                    events,
                    ImportSql.FirstBadTime(EventsTable, "t", time),
                    options.TimeColumn,
                    time == ImportTimeKind.UnixSeconds
                        ? "Unix seconds within years 1-9999 (milliseconds? divide by 1000)"
                        : "an ISO date or date-time (or Unix seconds, when every value is a number)");
            }
        });

        string? names = null;
        if (options.NamesPath is not null)
        {
            var source = new CsvSource(options.NamesPath, namesSeparator, options.Header);
            Step($"reading {options.NamesPath}", () =>
            {
                var found = ColumnsOf(source, "--names");
                var wanted = new List<(string, string)>
                {
                    (Require(source, found, options.NamesIdColumn, "--id-col"), "id"),
                    (Require(source, found, options.NamesNameColumn, "--name-col"), "name"),
                };
                session.ExecuteCancellable(ImportSql.Load(NamesTable, source, found, wanted), cancellationToken);
                // The names file's ids are of the item column's kind: integers, or strings matched to the item map.
                CheckFirst(
                    source,
                    items.Map is null ? ImportSql.FirstNonInteger(NamesTable, "id") : ImportSql.FirstBlank(NamesTable, "id"),
                    options.NamesIdColumn,
                    items.Map is null ? IntegerId : StringId);
            });
            names = NamesTable;
        }

        Step($"writing {FileNames.Events}", () =>
            session.ExecuteCancellable(ImportSql.WriteEvents(EventsTable, users, items, time, options.WeightColumn is not null, eventsPath), cancellationToken));
        Step($"writing {FileNames.Items}", () =>
            session.ExecuteCancellable(ImportSql.WriteItems(EventsTable, items, names, itemsPath), cancellationToken));
        foreach (var (ids, file) in new[] { (users, IdMapFile.Users), (items, IdMapFile.Items) })
        {
            if (ids.Map is not null)
            {
                Step($"writing {file.File}", () =>
                    session.ExecuteCancellable(ImportSql.WriteIdMap(ids.Map, file, mapPath(file)), cancellationToken));
            }
        }

        var (count, userCount, itemCount, first, last) = session.Query(
            ImportSql.CountEvents(eventsPath),
            r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetDateTime(3), r.GetDateTime(4)))[0];
        var named = options.NamesPath is null ? 0 : session.Scalar<long>(ImportSql.CountNamedItems(itemsPath));
        return new ImportSummary(
            count, userCount, itemCount, named, eventsSeparator, options.WeightColumn is not null, time, first, last,
            users.Map is not null, items.Map is not null);
    }

    /// <summary>The file's column names as DuckDB reads the header (or column0, column1, … without one).</summary>
    private List<string> ColumnsOf(CsvSource source, string option)
    {
        try
        {
            return session.Query($"DESCRIBE SELECT * FROM {source.Sniff()}", r => r.GetString(0));
        }
        catch (DbException e)
        {
            throw new EncoreException(
                $"{option}: '{source.Path}' cannot be read as a {CsvSeparator.Describe(source.Separator)}-separated file: {DuckDbErrors.Describe(e)}.", e);
        }
    }

    private static string Require(CsvSource source, List<string> found, string column, string option)
    {
        if (!found.Contains(column, StringComparer.Ordinal))
        {
            var hint = source.Header ? "" : " (without a header, columns are named column0, column1, …)";
            throw new EncoreException(
                $"{option}: '{source.Path}' has no column '{column}'; columns found: {string.Join(", ", found)}{hint}.");
        }

        return column;
    }

    /// <summary>
    /// Decides the kind of an id column and checks it. When every non-blank value is an int32 the ids are kept as they
    /// are (today's integer import, byte for byte); otherwise the column holds string ids, which are mapped to dense
    /// ints 0..n-1 in ordinal (byte) order of the distinct trimmed strings, so the map depends only on the set of ids,
    /// never on the order of the lines, as <see cref="Interactions.IdMap"/> does for integers.
    /// </summary>
    private ImportIds CheckIds(CsvSource source, string alias, string column, string mapTable)
    {
        if (session.Scalar<long>(ImportSql.CountNonBlankNonInteger(EventsTable, alias)) == 0)
        {
            CheckFirst(source, ImportSql.FirstNonInteger(EventsTable, alias), column, IntegerId);
            return ImportIds.Integer(alias);
        }

        CheckFirst(source, ImportSql.FirstBlank(EventsTable, alias), column, StringId);
        session.ExecuteCancellable(ImportSql.CreateIdMap(EventsTable, alias, mapTable), cancellationToken);
        return new ImportIds(alias, mapTable);
    }

    /// <summary>Throws when <paramref name="sql"/> finds a row: names the file, column, line and value.</summary>
    private void CheckFirst(CsvSource source, string sql, string column, string expected)
    {
        var bad = session.Query(sql, r => (Row: r.GetInt64(0), Value: r.IsDBNull(1) ? null : r.GetString(1)));
        if (bad.Count == 0)
        {
            return;
        }

        var (row, value) = bad[0];
        var shown = value is null ? "an empty value" : $"'{value}'";
        throw new EncoreException(
            $"'{source.Path}', line {source.LineOf(row)}: column '{column}' has {shown}, expected {expected}.");
    }

    /// <summary>Runs one step with progress, a cancellation check, and DuckDB errors turned into user errors.</summary>
    private void Step(string description, Action body) =>
        DuckDbStep.Run("import", description, body, hint: null, progress, cancellationToken);
}
