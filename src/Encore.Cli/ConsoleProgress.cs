using System.Diagnostics;
using Encore.Core;
using Spectre.Console;

namespace Encore.Cli;

/// <summary>
/// Shows the progress of long steps: a Spectre.Console progress bar in an interactive terminal, plain
/// time-stamped log lines otherwise (CI, pipes, files), since Spectre prints nothing there.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress sink that renders to the console.</summary>
    public static T Run<T>(Func<IProgress<ProgressUpdate>, T> work, TextWriter? log = null)
    {
        // A bar only when writing to a real terminal; a test's or caller's own writer gets log lines.
        var interactive = (log is null || ReferenceEquals(log, Console.Out))
            && !Console.IsOutputRedirected
            && AnsiConsole.Profile.Capabilities.Interactive
            && Environment.GetEnvironmentVariable("CI") is null;
        if (!interactive)
        {
            return work(new LogLineProgress(log ?? Console.Out));
        }

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .Start(ctx => { result = work(new SpectreProgress(ctx)); });
        return result;
    }

    private sealed class SpectreProgress(ProgressContext context) : IProgress<ProgressUpdate>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public void Report(ProgressUpdate value)
        {
            lock (_lock)
            {
                if (!_tasks.TryGetValue(value.Stage, out var task))
                {
                    foreach (var previous in _tasks.Values)
                    {
                        if (!previous.IsFinished)
                        {
                            previous.Value = previous.MaxValue;
                            previous.StopTask();
                        }
                    }

                    task = context.AddTask(Markup.Escape(value.Stage), maxValue: Math.Max(1, value.Total));
                    _tasks[value.Stage] = task;
                }

                if (value.Total > 0)
                {
                    task.MaxValue = value.Total;
                    task.Value = Math.Min(value.Done, value.Total);
                    if (value.Done >= value.Total)
                    {
                        task.StopTask();
                    }
                }
                else
                {
                    task.IsIndeterminate = true;
                }
            }
        }
    }

    /// <summary>One log line per stage start, at most one per 2 seconds while running, and one at the end.</summary>
    private sealed class LogLineProgress(TextWriter writer) : IProgress<ProgressUpdate>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Lock _lock = new();
        private string? _stage;
        private TimeSpan _lastLine;

        public void Report(ProgressUpdate value)
        {
            lock (_lock)
            {
                var now = _clock.Elapsed;
                var newStage = value.Stage != _stage;
                var finished = value.Total > 0 && value.Done >= value.Total;
                if (!newStage && !finished && now - _lastLine < TimeSpan.FromSeconds(2))
                {
                    return;
                }

                _stage = value.Stage;
                _lastLine = now;
                var amount = value.Total > 0
                    ? $"{value.Done:N0}/{value.Total:N0} {value.Unit} ({100.0 * value.Done / value.Total:F0}%)"
                    : value.Done > 0 ? $"{value.Done:N0} {value.Unit}" : "";
                writer.WriteLine($"[{now:hh\\:mm\\:ss}] {value.Stage} {amount}".TrimEnd());
                writer.Flush();
            }
        }
    }
}
