using System.CommandLine;
using System.Diagnostics;
using Encore.Core.Serving;

namespace Encore.Cli.Commands;

/// <summary>
/// <c>encore bench serving</c>: writes a synthetic artifact set of the real sizes (unless --dir has one) and times
/// loading it into the service's indexes; bench/serving/startup.sh times the whole <c>encore serve</c> start-up.
/// </summary>
public static class BenchServingCommand
{
    public static Command Create()
    {
        var directory = new Option<string>("--dir") { Description = "Where the synthetic artifacts go (kept between runs).", Required = true };
        var users = new Option<int>("--users") { Description = "Users with personal lists.", DefaultValueFactory = _ => 661_812 };
        var tracks = new Option<int>("--tracks") { Description = "Tracks in the catalogue.", DefaultValueFactory = _ => 1_000_000 };
        var similarSources = new Option<int>("--similar-tracks") { Description = "Tracks with similar tracks.", DefaultValueFactory = _ => 959_261 };
        var runs = new Option<int>("--runs") { Description = "Loads to time.", DefaultValueFactory = _ => 3 };
        var command = new Command("serving", "Time loading a full-size artifact set into the service (synthetic, written once).")
        {
            directory, users, tracks, similarSources, runs,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var dir = parse.GetValue(directory)!;
            if (!File.Exists(Path.Combine(dir, Core.Artifacts.ArtifactFiles.PersonalAls)))
            {
                var writing = Stopwatch.StartNew();
                SyntheticServingSet.Write(dir, parse.GetValue(users), parse.GetValue(tracks), similarSources: parse.GetValue(similarSources));
                cli.Output.WriteLine($"Wrote the synthetic set into {dir} in {writing.Elapsed.TotalSeconds:F1} s.");
            }

            var seconds = new List<double>();
            for (var run = 0; run < parse.GetValue(runs); run++)
            {
                var set = ServingSetLoader.Load(dir, null, ServingParts.All, cli.CancellationToken);
                seconds.Add(set.LoadTime.TotalSeconds);
                cli.Output.WriteLine(
                    $"run {run + 1}: {set.LoadTime.TotalSeconds:F2} s — {set.Offline.UserCount:N0} users × lists ({set.Offline.PairCount:N0} pairs), " +
                    $"{set.Similar.ItemCount:N0} tracks × similar ({set.Similar.PairCount:N0} pairs), {set.Catalog.Count:N0} catalogue items; " +
                    $"peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB; parts (s): " +
                    string.Join(", ", set.PartSeconds.Select(p => $"{p.Key} {p.Value:F2}")));
                GC.KeepAlive(set);
            }

            seconds.Sort();
            cli.Output.WriteLine($"median load {seconds[seconds.Count / 2]:F2} s");
            return CommandRunner.Ok;
        }));
        return command;
    }
}
