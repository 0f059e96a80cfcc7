using System.CommandLine;
using Encore.Core;
using Encore.Core.Artifacts;
using Encore.Core.Data.Generation;
using Encore.Core.Pipeline;
using Encore.Server;

namespace Encore.Cli.Commands;

/// <summary>What <c>encore demo</c> does.</summary>
/// <param name="Root">The working directory: raw/, data/, artifacts/ and report/ inside.</param>
/// <param name="Generator">The generated dataset's sizes and random seed.</param>
/// <param name="Settings">Pipeline overrides (<c>key=value</c>, as <c>encore pipeline --set</c>).</param>
/// <param name="Serve">Serve the artifacts when the pipeline is done.</param>
/// <param name="Port">The port on 127.0.0.1 (0: any free one).</param>
public sealed record DemoSettings(string Root, GeneratorOptions Generator, IReadOnlyList<string> Settings, bool Serve, int Port);

/// <summary>
/// <c>encore demo</c>: the README's main command. Generates a small dataset, runs the pipeline on it (prepare → train →
/// evaluate, resuming like <c>encore pipeline</c>) and serves the result on 127.0.0.1:8000 until Ctrl+C, printing
/// calls to try. <c>--no-serve</c> stops after the pipeline.
/// </summary>
public static class DemoCommand
{
    public const int DefaultPort = 8000;

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
        var noServe = new Option<bool>("--no-serve") { Description = "Stop after the pipeline instead of serving the artifacts." };
        var port = new Option<int>("--port") { Description = "Serve on 127.0.0.1 at this port.", DefaultValueFactory = _ => DefaultPort };

        var command = new Command(
            "demo",
            "Run everything on a small generated dataset: generate → prepare → train → ranker → evaluate → serve on 127.0.0.1:8000 (Ctrl+C stops).")
        {
            output, users, tracks, seed, set, noServe, port,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli => Run(cli, new DemoSettings(
            parse.GetValue(output)!,
            new GeneratorOptions { Users = parse.GetValue(users), Tracks = parse.GetValue(tracks), Seed = parse.GetValue(seed) },
            parse.GetValue(set)!,
            !parse.GetValue(noServe),
            parse.GetValue(port)))));
        return command;
    }

    /// <summary>Settings the demo adds to the pipeline's defaults, before the user's own.</summary>
    public static IReadOnlyList<string> DemoDefaults { get; } = ["train.als.calculate_loss=true", "evaluate.k=[1,5,10,20,50]"];

    /// <summary>Runs the demo; when serving, returns once <see cref="CliContext.CancellationToken"/> is cancelled.</summary>
    /// <param name="cli">Where to write, and the token that stops the service.</param>
    /// <param name="settings">What to do.</param>
    /// <param name="onReady">Called with the service's addresses once it serves (tests use it).</param>
    /// <exception cref="EncoreException">A bad setting or port, or a step's own error.</exception>
    public static int Run(CliContext cli, DemoSettings settings, Action<IReadOnlyList<string>>? onReady = null)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Port is < 0 or > 65_535)
        {
            throw new EncoreException($"--port: must be in [0, 65535], got {settings.Port}.");
        }

        // The demo's report shows the ALS loss curve and metrics at every k: both cost little on the demo's data.
        // The user's own --set values come after, so they win.
        var config = PipelineConfig.Load(null, [.. DemoDefaults, .. settings.Settings]);
        settings.Generator.Validate();
        var layout = new PipelineLayout(Path.Combine(settings.Root, "raw"), settings.Root);

        var generator = settings.Generator;
        cli.Output.WriteLine($"Generating {generator.Users:N0} listeners and {generator.Tracks:N0} tracks into {layout.RawDirectory}");
        var generated = cli.WithProgress(progress => DataGenerator.Generate(generator, layout.RawDirectory, progress, cli.CancellationToken));
        cli.Output.WriteLine($"    {generated.Interactions:N0} listens, {generated.Tracks:N0} tracks, {generated.CatalogNames:N0} catalog names.");

        cli.Output.WriteLine($"Running the pipeline into {layout.OutputDirectory} (the seed's settings)");
        var summary = PipelineRunner.Run(
            layout, PipelineSteps.From(config), new PipelineRunOptions(), new PipelineCommand.Listener(cli), cli.CancellationToken);
        cli.Output.WriteLine(
            $"Pipeline done in {summary.TotalSeconds:F1} s. Data report: {Path.Combine(layout.Data, FileNames.ReportDirectory, FileNames.DataReport)}; " +
            $"models report: {layout.Report}; artifacts: {layout.Artifacts}.");
        if (!settings.Serve)
        {
            return CommandRunner.Ok;
        }

        var (user, item) = ExampleListen(layout.Artifacts);
        return ServeCommand.Run(
            cli,
            new ServeSettings(
                layout.Artifacts, null, $"http://127.0.0.1:{settings.Port}", ServerOptions.AllRoles,
                // The explorer's model report shows the evaluation, which is not part of the artifact set.
                Directory.Exists(layout.Report) ? [$"--{Encore.Server.Explorer.ExplorerOptions.Section}:ReportDirectory={layout.Report}"] : []),
            addresses =>
            {
                PrintExamples(cli.Output, addresses[0], user, item);
                onReady?.Invoke(addresses);
            });
    }

    /// <summary>A user with personal recommendations and the first of them, for the example calls.</summary>
    private static (int User, int Item) ExampleListen(string artifacts)
    {
        var lists = ArtifactReader.ReadRecommendations(Path.Combine(artifacts, ArtifactFiles.PersonalAls));
        for (var i = 0; i < lists.UserCount; i++)
        {
            if (!lists.Items(i).IsEmpty)
            {
                return (lists.Users[i], lists.Items(i)[0]);
            }
        }

        throw new EncoreException($"{Path.Combine(artifacts, ArtifactFiles.PersonalAls)}: no user has recommendations.");
    }

    private static void PrintExamples(TextWriter output, string url, int user, int item)
    {
        var client = url == ClientCommand.DefaultUrl ? "encore client" : $"encore client --url {url}";
        output.WriteLine();
        output.WriteLine($"Try it (user {user} has personal recommendations; 'encore' is 'dotnet run -c Release --project src/Encore.Cli --'):");
        output.WriteLine($"  curl -X POST '{url}/recommendations_offline?user_id={user}&k=10'");
        output.WriteLine($"  curl -X POST '{url}/put?user_id={user}&item_id={item}'");
        output.WriteLine($"  curl -X POST '{url}/recommendations?user_id={user}&k=10'");
        output.WriteLine($"  curl '{url}/v1/users/{user}/recommendations?kind=blended&k=5&details=true'");
        output.WriteLine($"  curl '{url}/v1/items/{item}/similar?k=5'");
        output.WriteLine($"  {client} --offline --user-id {user}");
        output.WriteLine($"  {client} scenario --user-id {user}");
        output.WriteLine($"  Explorer: {url}/explore?user_id={user}");
        output.WriteLine($"  API docs: {url}/docs   stats: {url}/stats   metrics: {url}/metrics");
        output.WriteLine();
    }
}
