using Encore.Core;
using Encore.Core.Ranking.Live;
using Encore.Core.Serving;

namespace Encore.Benchmarks.Service;

/// <summary>
/// <c>serving-live --artifacts DIR [--seconds S] [--runs N] [--k K] [--scoring full|exact|M] [--profile R]</c>: request-time
/// ranking as the service runs it
/// (<see cref="LiveRecommender"/> over a set loaded with <see cref="ServingParts.Live"/>), in process, no HTTP: the
/// live part's load time, then live requests per second on 1 thread and on every core (median of the runs, each
/// <c>--seconds</c> long), CPU µs and bytes allocated per request. The request mix is <c>serving-foldin</c>'s: a model
/// listener with 10 events from another listener's train row, one in ten a listener the model does not know.
/// <c>--scoring</c> picks what is timed: every candidate through every tree (<c>full</c>, as before staged scoring),
/// exact staged scoring (<c>exact</c>, the default), or the inexact shortlist of M after the first stage;
/// <c>--profile R</c> first splits R requests' CPU into their phases (<see cref="LiveProfile"/>).
/// </summary>
public static class ServingLiveCommand
{
    public const string Name = "serving-live";

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = CommandOptions.Parse(args, Name, "--artifacts", "--seconds", "--runs", "--k", "--scoring", "--profile");
            var artifacts = options.GetValueOrDefault("--artifacts") ?? throw new EncoreException("--artifacts: give the artifacts directory.");
            var seconds = RequestThroughput.Positive(options, "--seconds", 3);
            var runs = RequestThroughput.Positive(options, "--runs", 3);
            var k = RequestThroughput.Positive(options, "--k", 10);
            var shortlist = Scoring(options.GetValueOrDefault("--scoring") ?? "exact");
            var profile = options.ContainsKey("--profile") ? RequestThroughput.Positive(options, "--profile", 1) : 0;

            var set = ServingSetLoader.Load(artifacts, null, ServingParts.Recommendations | ServingParts.Similar | ServingParts.Live, LiveRecommender.Loader);
            var live = set.Live as LiveRecommender ?? throw new EncoreException($"{artifacts}: has no live_model.bin or als_model.bin.");
            var foldIn = set.FoldIn!;
            Console.WriteLine(
                $"{Name}: {artifacts}, {foldIn.Users.Count} listeners x {foldIn.Items.Count} tracks, {live.Model.Trees} trees, "
                + $"{live.FeatureNames.Count} features, k {k}, {Environment.ProcessorCount} cores, load average {RequestThroughput.LoadAverage()}");
            Console.WriteLine(
                $"  load: live part {set.PartSeconds["live"]:F2} s, fold-in part {set.PartSeconds["foldin"]:F2} s, whole set {set.LoadTime.TotalSeconds:F2} s");

            var requests = RequestThroughput.Requests(foldIn);
            if (profile > 0)
            {
                LiveProfile.Report(live, requests.AsSpan(0, Math.Min(profile, requests.Length)), k);
            }

            live.Shortlist = shortlist;
            Console.WriteLine($"  timed: {shortlist switch { < 0 => "full scoring", 0 => "exact staged scoring", _ => $"shortlist {shortlist} after the first stage" }}");
            RequestThroughput.Report(live.Recommend, requests, k, seconds, runs, batch: 16);

            return 0;
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int Scoring(string text) => text switch
    {
        "full" => -1,
        "exact" => 0,
        _ => int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) && m > 0
            ? m
            : throw new EncoreException($"--scoring: '{text}' is not full, exact or a positive shortlist."),
    };
}
