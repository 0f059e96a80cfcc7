using System.Collections.Concurrent;

namespace Encore.Server.Operations;

/// <summary>
/// The warnings logged when a dependency (the events store, the features service) is down, at most one line per
/// dependency per <see cref="Interval"/>: during an outage every request fails the same way, and a line per request
/// (20,100 lines in a 5.5 s Redis outage) buries everything else in the log. Each line carries the full error of the
/// request that logged it and how many were left out since the previous line; the exact counts are in /stats and
/// /metrics (<c>degraded_*</c>).
/// </summary>
public sealed partial class DependencyWarnings(ILogger<DependencyWarnings> logger, TimeProvider time)
{
    /// <summary>The least time between two lines about one dependency.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Logs that a request did without <paramref name="dependency"/>, unless a line about it was logged less than <see cref="Interval"/> ago.</summary>
    /// <param name="dependency">"events" or "features".</param>
    /// <param name="outcome">What the request did instead ("served without its recent events", "answered 503").</param>
    /// <param name="error">The full reason (endpoints included: it goes to the log, never to the client).</param>
    public void Unavailable(string dependency, string outcome, string error)
    {
        var window = _windows.GetOrAdd(dependency, static _ => new Window());
        long suppressed;
        lock (window)
        {
            var now = time.GetTimestamp();
            if (window.LastLogged is { } last && time.GetElapsedTime(last, now) < Interval)
            {
                window.Suppressed++;
                return;
            }

            suppressed = window.Suppressed;
            window.Suppressed = 0;
            window.LastLogged = now;
        }

        LogUnavailable(dependency, outcome, error, suppressed, Interval.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The {Dependency} dependency is unavailable, request {Outcome}: {Error} ({Suppressed} more such warnings since the last one; at most one per {IntervalSeconds} s)")]
    private partial void LogUnavailable(string dependency, string outcome, string error, long suppressed, double intervalSeconds);

    private sealed class Window
    {
        public long? LastLogged { get; set; }

        public long Suppressed { get; set; }
    }
}
