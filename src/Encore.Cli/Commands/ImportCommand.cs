using System.CommandLine;
using System.Globalization;
using Encore.Core;
using Encore.Core.Data.Import;

namespace Encore.Cli.Commands;

/// <summary><c>encore import</c>: a generic CSV/TSV interaction log → events.parquet and items.parquet (docs/import.md).</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var events = new Option<string>("--events") { Description = "The interaction log: one event per line, CSV, TSV or ;-separated.", Required = true };
        var userCol = new Option<string>("--user-col") { Description = "Column of the user id: int32 integers are kept, any other ids (strings) are mapped to 0..n-1 in user_ids.parquet.", DefaultValueFactory = _ => "user_id" };
        var itemCol = new Option<string>("--item-col") { Description = "Column of the item id: int32 integers are kept, any other ids (strings) are mapped to 0..n-1 in item_ids.parquet.", DefaultValueFactory = _ => "item_id" };
        var weightCol = new Option<string?>("--weight-col") { Description = "Column of a play count or rating (> 0), written as events.parquet's weight." };
        var timeCol = new Option<string?>("--time-col") { Description = "Column of Unix seconds or ISO dates; without it every event gets 1970-01-01." };
        var sep = new Option<string>("--sep") { Description = "auto, ',', ';' or '\\t' (tab).", DefaultValueFactory = _ => "auto" };
        var header = new Option<bool>("--header") { Description = "Whether line 1 names the columns (else column0, column1, …).", DefaultValueFactory = _ => true };
        var names = new Option<string?>("--names") { Description = "A file with item ids and names (e.g. Last.fm artists.dat), same --sep and --header." };
        var idCol = new Option<string>("--id-col") { Description = "Id column of --names.", DefaultValueFactory = _ => "id" };
        var nameCol = new Option<string>("--name-col") { Description = "Name column of --names.", DefaultValueFactory = _ => "name" };
        var output = new Option<string>("--out", "-o") { Description = "Directory for events.parquet and items.parquet.", Required = true };

        var command = new Command("import", "Turn any service's interaction log (CSV/TSV) into events.parquet and items.parquet.")
        {
            events, userCol, itemCol, weightCol, timeCol, sep, header, names, idCol, nameCol, output,
        };
        command.SetAction(pr => CommandRunner.Run(pr, cli =>
        {
            var options = new ImportOptions
            {
                EventsPath = pr.GetValue(events)!,
                UserColumn = pr.GetValue(userCol)!,
                ItemColumn = pr.GetValue(itemCol)!,
                WeightColumn = pr.GetValue(weightCol),
                TimeColumn = pr.GetValue(timeCol),
                Separator = CsvSeparator.Parse(pr.GetValue(sep)!),
                Header = pr.GetValue(header),
                NamesPath = pr.GetValue(names),
                NamesIdColumn = pr.GetValue(idCol)!,
                NamesNameColumn = pr.GetValue(nameCol)!,
            };
            var directory = pr.GetValue(output)!;
            var summary = cli.WithProgress(progress => Importer.Import(options, directory, progress, cli.CancellationToken));
            Report(cli.Output, summary, Path.GetFullPath(directory), options);
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static void Report(TextWriter output, ImportSummary summary, string directory, ImportOptions options)
    {
        output.WriteLine(
            $"Imported {summary.Events:N0} events of {summary.Users:N0} users and {summary.Items:N0} items " +
            $"({CsvSeparator.Describe(summary.Separator)}-separated) into {directory}.");
        foreach (var (mapped, what, file) in new[] { (summary.UserIdsMapped, "User", FileNames.UserIds), (summary.ItemIdsMapped, "Item", FileNames.ItemIds) })
        {
            if (mapped)
            {
                output.WriteLine(
                    $"{what} ids are strings: mapped to 0..{(what == "User" ? summary.Users : summary.Items) - 1:D} in ordinal order, " +
                    $"the map written to {file} (train carries it into the artifact set; the REST API answers in the original ids).");
            }
        }

        if (summary.HasWeights)
        {
            output.WriteLine($"events.parquet has a weight column from '{options.WeightColumn}' (summed per pair as play counts by bench quality).");
        }

        output.WriteLine(summary.Time switch
        {
            ImportTimeKind.None =>
                "No time column: every event has started_at 1970-01-01, so there is no time split; " +
                "use `encore bench quality` (a per-user random holdout) for offline accuracy.",
            _ => string.Create(
                CultureInfo.InvariantCulture,
                $"Events span {summary.FirstEvent:yyyy-MM-dd HH:mm:ss} to {summary.LastEvent:yyyy-MM-dd HH:mm:ss} UTC " +
                $"({(summary.Time == ImportTimeKind.UnixSeconds ? "Unix seconds" : "ISO dates")})."),
        });
        if (options.NamesPath is not null)
        {
            output.WriteLine($"{summary.NamedItems:N0} of {summary.Items:N0} items got a name from {options.NamesPath}.");
        }
    }
}
