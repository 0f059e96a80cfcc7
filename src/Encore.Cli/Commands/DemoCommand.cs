using System.CommandLine;
using Encore.Core.Data;
using Encore.Core.Data.Generation;

namespace Encore.Cli.Commands;

/// <summary>
/// <c>encore demo</c>: the README's main job on embedded defaults. Generates a small dataset, prepares it and
/// writes the data report; later milestones extend it with training, evaluation and the service.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "Working directory for the demo (raw/ and data/ inside).",
            DefaultValueFactory = _ => "demo",
        };
        var users = new Option<int>("--users") { Description = "Number of listeners.", DefaultValueFactory = _ => 5_000 };
        var tracks = new Option<int>("--tracks") { Description = "Number of tracks.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };

        var command = new Command("demo", "Run the whole job on a small generated dataset: generate → prepare → data report.")
        {
            output, users, tracks, seed,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var root = parse.GetValue(output)!;
            var raw = Path.Combine(root, "raw");
            var data = Path.Combine(root, "data");
            var generator = new GeneratorOptions
            {
                Users = parse.GetValue(users),
                Tracks = parse.GetValue(tracks),
                Seed = parse.GetValue(seed),
            };
            generator.Validate();

            cli.Output.WriteLine($"1/2 Generating {generator.Users:N0} listeners and {generator.Tracks:N0} tracks into {raw}");
            var generated = cli.WithProgress(progress => DataGenerator.Generate(generator, raw, progress, cli.CancellationToken));
            cli.Output.WriteLine($"    {generated.Interactions:N0} listens, {generated.Tracks:N0} tracks, {generated.CatalogNames:N0} catalog names.");

            cli.Output.WriteLine($"2/2 Preparing {data} (the seed's preprocessing, every 3rd listen, split at 2022-12-16)");
            PrepareCommand.Run(cli, raw, data, new PrepareOptions());

            cli.Output.WriteLine();
            cli.Output.WriteLine($"Done. Open {Path.Combine(data, "report", "data.md")} for the numbers and plots.");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
