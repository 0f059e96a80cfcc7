using System.CommandLine;
using Encore.Core.Data.Generation;

namespace Encore.Cli.Commands;

/// <summary><c>encore generate</c>: writes synthetic raw files in the Yandex Music schema.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "Directory for tracks.parquet, catalog_names.parquet and interactions.parquet.",
            Required = true,
        };
        var users = new Option<int>("--users") { Description = "Number of listeners.", DefaultValueFactory = _ => 10_000 };
        var tracks = new Option<int>("--tracks") { Description = "Number of tracks.", DefaultValueFactory = _ => 20_000 };
        var events = new Option<double>("--events-per-user")
        {
            Description = "Mean listens per user (the real data has about 160).",
            DefaultValueFactory = _ => 160,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same arguments give byte-identical files.", DefaultValueFactory = _ => 42 };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); the output does not depend on it." };

        var command = new Command("generate", "Generate a realistic synthetic listening history in the Yandex Music schema.")
        {
            output, users, tracks, events, seed, threads,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var options = new GeneratorOptions
            {
                Users = parse.GetValue(users),
                Tracks = parse.GetValue(tracks),
                EventsPerUser = parse.GetValue(events),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            options.Validate();
            var outDir = parse.GetValue(output)!;
            var summary = cli.WithProgress(progress => DataGenerator.Generate(options, outDir, progress, cli.CancellationToken));
            cli.Output.WriteLine(
                $"Wrote {summary.Tracks:N0} tracks, {summary.CatalogNames:N0} catalog names and {summary.Interactions:N0} listens " +
                $"of {summary.Users:N0} users to {Path.GetFullPath(outDir)} in {summary.Elapsed.TotalSeconds:F1} s.");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
