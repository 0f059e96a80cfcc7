using System.CommandLine;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Data;
using Encore.Core.Data.Generation;
using Encore.Core.Evaluation.Offline;
using Encore.Core.Training;

namespace Encore.Cli.Commands;

/// <summary>
/// <c>encore demo</c>: the README's main job on embedded defaults. Generates a small dataset, prepares it (with
/// the data report), trains the candidate models and evaluates them; later milestones add the ranker and the service.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "Working directory for the demo (raw/, data/ and artifacts/ inside).",
            DefaultValueFactory = _ => "demo",
        };
        var users = new Option<int>("--users") { Description = "Number of listeners.", DefaultValueFactory = _ => 5_000 };
        var tracks = new Option<int>("--tracks") { Description = "Number of tracks.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };

        var command = new Command("demo", "Run the whole job on a small generated dataset: generate → prepare → train → evaluate.")
        {
            output, users, tracks, seed,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var root = parse.GetValue(output)!;
            var raw = Path.Combine(root, "raw");
            var data = Path.Combine(root, "data");
            var artifacts = Path.Combine(root, "artifacts");
            var generator = new GeneratorOptions
            {
                Users = parse.GetValue(users),
                Tracks = parse.GetValue(tracks),
                Seed = parse.GetValue(seed),
            };
            generator.Validate();

            cli.Output.WriteLine($"1/4 Generating {generator.Users:N0} listeners and {generator.Tracks:N0} tracks into {raw}");
            var generated = cli.WithProgress(progress => DataGenerator.Generate(generator, raw, progress, cli.CancellationToken));
            cli.Output.WriteLine($"    {generated.Interactions:N0} listens, {generated.Tracks:N0} tracks, {generated.CatalogNames:N0} catalog names.");

            cli.Output.WriteLine($"2/4 Preparing {data} (the seed's preprocessing, every 3rd listen, split at 2022-12-16)");
            PrepareCommand.Run(cli, raw, data, new PrepareOptions());

            cli.Output.WriteLine($"3/4 Training top-popular, ALS and similar tracks into {artifacts} (the seed's settings)");
            TrainCommand.Run(cli, data, artifacts, new TrainOptions());

            cli.Output.WriteLine("4/4 Evaluating random, top-popular, ALS and similar-to-history (standard protocol)");
            EvaluateCommand.Run(cli, data, artifacts, new EvaluateOptions());

            cli.Output.WriteLine();
            cli.Output.WriteLine($"Done. Data report: {Path.Combine(data, FileNames.ReportDirectory, FileNames.DataReport)}; " +
                $"models report: {Path.Combine(artifacts, FileNames.ReportDirectory, ArtifactFiles.ModelsReport)}.");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
