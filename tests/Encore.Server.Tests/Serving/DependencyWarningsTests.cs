using Encore.Server.Operations;
using Microsoft.Extensions.Logging;

namespace Encore.Server.Tests.Serving;

/// <summary>An outage logs a line per dependency per interval, with the count left out, not a line per request.</summary>
public sealed class DependencyWarningsTests
{
    [Fact]
    public void ManyFailuresWithinTheIntervalLogOneLineAndTheNextLineCountsTheRest()
    {
        var time = new ManualTime();
        var log = new CapturingLogger();
        var warnings = new DependencyWarnings(log, time);

        for (var i = 0; i < 1000; i++)
        {
            warnings.Unavailable("events", "answered 503", $"Redis at 127.0.0.1:6379 timed out ({i})");
            warnings.Unavailable("features", "served without similar tracks", "refused");
        }

        Assert.Equal(2, log.Lines.Count);
        Assert.Contains("(0)", log.Lines[0], StringComparison.Ordinal);
        Assert.Contains("0 more such warnings", log.Lines[0], StringComparison.Ordinal);

        time.Advance(DependencyWarnings.Interval);
        warnings.Unavailable("events", "answered 503", "Redis at 127.0.0.1:6379 timed out (again)");

        Assert.Equal(3, log.Lines.Count);
        Assert.Contains("999 more such warnings", log.Lines[2], StringComparison.Ordinal);
        Assert.All(log.Levels, level => Assert.Equal(LogLevel.Warning, level));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class CapturingLogger : ILogger<DependencyWarnings>
    {
        public List<string> Lines { get; } = [];

        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Add(formatter(state, exception));
            Levels.Add(logLevel);
        }
    }
}
