using System.CommandLine;
using Encore.Core;
using Encore.Core.Data.Generation;
using Encore.Core.Pipeline;

namespace Encore.Cli.Commands;

/// <summary>
/// <c>encore demo</c>: the README's main job on embedded defaults. Generates a small dataset and runs the pipeline
/// on it (prepare → train → evaluate, resuming like <c>encore pipeline</c>).
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "Working directory for the demo (raw/, data/, artifacts/ and report/ inside).",
            DefaultValueFactory = _ => "demo",
        };
        var users = new Option<int>("--users") { Description = "Number of listeners.", DefaultValueFactory = _ => 5_000 };
        var tracks = new Option<int>("--tracks") { Description = "Number of tracks.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var set = new Option<string[]>("--set")
        {
            Description = "Override one pipeline parameter, e.g. --set train.als.factors=8 (repeatable; see 'encore pipeline').",
            DefaultValueFactory = _ => [],
        };

        var command = new Command("demo", "Run the whole job on a small generated dataset: generate → prepare → train → ranker → evaluate.")
        {
            output, users, tracks, seed, set,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var config = PipelineConfig.Load(null, parse.GetValue(set));
            var root = parse.GetValue(output)!;
            var layout = new PipelineLayout(Path.Combine(root, "raw"), root);
            var generator = new GeneratorOptions
            {
                Users = parse.GetValue(users),
                Tracks = parse.GetValue(tracks),
                Seed = parse.GetValue(seed),
            };
            generator.Validate();

            cli.Output.WriteLine($"Generating {generator.Users:N0} listeners and {generator.Tracks:N0} tracks into {layout.RawDirectory}");
            var generated = cli.WithProgress(progress => DataGenerator.Generate(generator, layout.RawDirectory, progress, cli.CancellationToken));
            cli.Output.WriteLine($"    {generated.Interactions:N0} listens, {generated.Tracks:N0} tracks, {generated.CatalogNames:N0} catalog names.");

            cli.Output.WriteLine($"Running the pipeline into {layout.OutputDirectory} (the seed's settings)");
            var summary = PipelineRunner.Run(
                layout, PipelineSteps.From(config), new PipelineRunOptions(), new PipelineCommand.Listener(cli), cli.CancellationToken);
            cli.Output.WriteLine(
                $"Pipeline done in {summary.TotalSeconds:F1} s. Data report: {Path.Combine(layout.Data, FileNames.ReportDirectory, FileNames.DataReport)}; " +
                $"models report: {layout.Report}; artifacts: {layout.Artifacts}.");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
