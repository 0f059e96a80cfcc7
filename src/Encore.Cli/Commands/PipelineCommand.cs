using System.CommandLine;
using Encore.Core;
using Encore.Core.Pipeline;

namespace Encore.Cli.Commands;

/// <summary>
/// <c>encore pipeline</c>: prepare → train → ranker → evaluate in one go, resuming where the inputs and parameters did not
/// change (docs/pipeline.md).
/// </summary>
public static class PipelineCommand
{
    public static Command Create()
    {
        var raw = new Option<string?>("--raw") { Description = "Directory with tracks.parquet, catalog_names.parquet and interactions.parquet." };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Output directory: data/, artifacts/ (what the service serves), report/, pipeline.json.",
        };
        var config = new Option<string?>("--config") { Description = "encore.json with the parameters (docs/encore.json lists them all)." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override one parameter, e.g. --set train.als.factors=8 (repeatable; applied after --config).",
            DefaultValueFactory = _ => [],
        };
        var force = new Option<string?>("--force")
        {
            Description = $"Rerun a step and every step after it; without a name ({PipelineRunOptions.AllSteps}) every step.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var verify = new Option<bool>("--verify") { Description = "Hash every input and output again instead of trusting sizes and times." };
        var printConfig = new Option<bool>("--print-config") { Description = "Print the effective configuration, defaults included, and exit." };

        var command = new Command("pipeline", "Run prepare → train → ranker → evaluate in one go; unchanged steps are skipped.")
        {
            raw, output, config, set, force, verify, printConfig,
        };
        command.SetAction(parse => CommandRunner.Run(parse, cli =>
        {
            var effective = PipelineConfig.Load(parse.GetValue(config), parse.GetValue(set));
            if (parse.GetValue(printConfig))
            {
                cli.Output.Write(effective.ToJson());
                return CommandRunner.Ok;
            }

            var layout = new PipelineLayout(
                parse.GetValue(raw) ?? throw new EncoreException("--raw: give the directory of the raw files."),
                parse.GetValue(output) ?? throw new EncoreException("--out: give the output directory."));
            var options = new PipelineRunOptions
            {
                Force = parse.GetResult(force) is null ? null : parse.GetValue(force) ?? PipelineRunOptions.AllSteps,
                Verify = parse.GetValue(verify),
            };
            var summary = PipelineRunner.Run(layout, PipelineSteps.From(effective), options, new Listener(cli), cli.CancellationToken);

            cli.Output.WriteLine();
            cli.Output.Write(summary.ToMarkdown());
            cli.Output.WriteLine(
                $"Done in {summary.TotalSeconds:F1} s. Artifacts: {layout.Artifacts}; reports: {layout.Report}; " +
                $"timings: {layout.Summary}.");
            return CommandRunner.Ok;
        }));
        return command;
    }

    /// <summary>One line per step, its summary indented under it, and a progress bar (or log lines) while it runs.</summary>
    internal sealed class Listener(CliContext cli) : IPipelineListener
    {
        public void Skipped(int index, int count, StepRecord record) =>
            cli.Output.WriteLine($"{index + 1}/{count} {record.Step}: skipped: {record.Reason}");

        public void Starting(int index, int count, string stepName, string reason) =>
            cli.Output.WriteLine($"{index + 1}/{count} {stepName}: running ({reason})");

        public T WithProgress<T>(Func<IProgress<ProgressUpdate>, T> work) => cli.WithProgress(work);

        public void Finished(int index, int count, StepRecord record, StepResult result)
        {
            foreach (var line in result.Summary.Split('\n'))
            {
                cli.Output.WriteLine($"    {line}");
            }

            cli.Output.WriteLine($"    {record.Step} done in {record.Seconds:F1} s, peak RSS {record.PeakRssBytes / (1024.0 * 1024.0):F0} MiB.");
        }
    }
}
