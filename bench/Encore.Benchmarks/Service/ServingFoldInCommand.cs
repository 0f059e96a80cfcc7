using System.Globalization;
using Encore.Core;
using Encore.Core.Serving;

namespace Encore.Benchmarks.Service;

/// <summary>
/// <c>serving-foldin --artifacts DIR [--seconds S] [--runs N] [--k K]</c>: request-time ALS fold-in as the service
/// runs it (<see cref="FoldInRecommender"/> of a set loaded with <see cref="ServingParts.FoldIn"/>), in process, no
/// HTTP: the load time, then fold-in requests per second on 1 thread and on every core (median of the runs, each
/// <c>--seconds</c> long), CPU µs and bytes allocated per request. A request is a model listener with the 10 newest
/// events drawn from another listener's train row (mostly new tracks to them); one in ten is a listener the model does
/// not know, folded in from the events alone.
/// </summary>
public static class ServingFoldInCommand
{
    public const string Name = "serving-foldin";

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = CommandOptions.Parse(args, Name, "--artifacts", "--seconds", "--runs", "--k");
            var artifacts = options.GetValueOrDefault("--artifacts") ?? throw new EncoreException("--artifacts: give the artifacts directory.");
            var seconds = RequestThroughput.Positive(options, "--seconds", 3);
            var runs = RequestThroughput.Positive(options, "--runs", 3);
            var k = RequestThroughput.Positive(options, "--k", 10);

            var loads = new double[runs];
            ServingSet? set = null;
            for (var run = 0; run < runs; run++)
            {
                set = ServingSetLoader.Load(artifacts, null, ServingParts.FoldIn);
                loads[run] = set.PartSeconds["foldin"];
            }

            var foldIn = set!.FoldIn ?? throw new EncoreException($"{artifacts}: has no als_model.bin.");
            var model = foldIn.FoldIn.Model;
            Console.WriteLine(
                $"{Name}: {artifacts}, {foldIn.Users.Count} listeners x {foldIn.Items.Count} tracks, {model.Options.Factors} factors, "
                + $"{model.UserItems.Nnz} train pairs, solver {foldIn.FoldIn.Options.Solver}, event weight {foldIn.FoldIn.Options.EventWeight}, "
                + $"k {k}, {Environment.ProcessorCount} cores, load average {RequestThroughput.LoadAverage()}");
            Console.WriteLine(
                $"  load (als_model.bin + YᵀY + scorer packing), median of {runs}: {RequestThroughput.Median(loads):F2} s "
                + $"({string.Join(", ", loads.Select(l => l.ToString("F2", CultureInfo.InvariantCulture)))})");

            RequestThroughput.Report(foldIn.Recommend, RequestThroughput.Requests(foldIn), k, seconds, runs, batch: 64);

            return 0;
        }
        catch (EncoreException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
