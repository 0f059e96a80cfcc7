using System.CommandLine;
using System.Globalization;
using Encore.Core;
using Encore.Core.Data;

namespace Encore.Cli.Commands;

/// <summary><c>encore prepare</c>: raw Yandex Music files → items, events, split and the data report.</summary>
public static class PrepareCommand
{
    public static Command Create()
    {
        var raw = new Option<string>("--raw")
        {
            Description = "Directory with tracks.parquet, catalog_names.parquet and interactions.parquet.",
            Required = true,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Directory for items.parquet, events.parquet, genres.parquet, split.json and report/.",
            Required = true,
        };
        var step = new Option<int>("--subsample-step")
        {
            Description = "Keep listens with track_seq ≡ 1 (mod step), as the seed did with 3; 1 keeps all.",
            DefaultValueFactory = _ => 3,
        };
        var splitDate = new Option<string>("--split-date")
        {
            Description = "Train = listens before this date, test = from it on (yyyy-MM-dd).",
            DefaultValueFactory = _ => "2022-12-16",
        };
        var memory = new Option<string?>("--memory-limit") { Description = "DuckDB memory limit, e.g. 6GB." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores)." };

        var command = new Command("prepare", "Clean the raw files, subsample, split by date and write the data report (the pipeline's prepare step alone; flags as in docs/encore.json).")
        {
            raw, output, step, splitDate, memory, threads,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var options = new PrepareOptions
            {
                SubsampleStep = parse.GetValue(step),
                SplitDate = ParseDate(parse.GetValue(splitDate)!, "--split-date"),
                MemoryLimit = parse.GetValue(memory),
                Threads = parse.GetValue(threads),
            };
            Run(cli, parse.GetValue(raw)!, parse.GetValue(output)!, options);
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>Runs prepare and the data report; shared with <c>demo</c>.</summary>
    public static PrepareSummary Run(CliContext cli, string rawDirectory, string outputDirectory, PrepareOptions options)
    {
        options.Validate();
        var summary = cli.WithProgress(progress => Preprocessor.Prepare(rawDirectory, outputDirectory, options, progress, cli.CancellationToken));

        var split = summary.Split;
        cli.Output.WriteLine(
            $"Prepared {Path.GetFullPath(outputDirectory)}: train {split.TrainEvents:N0} listens of {split.TrainUsers:N0} users, " +
            $"test {split.TestEvents:N0} listens of {split.TestUsers:N0} users ({split.ColdUsers:N0} cold); " +
            $"report in {Path.Combine(outputDirectory, FileNames.ReportDirectory, FileNames.DataReport)}.");
        return summary;
    }

    internal static DateOnly ParseDate(string value, string parameter)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new EncoreException($"{parameter}: '{value}' is not a date in the form yyyy-MM-dd.");
        }

        return date;
    }
}
