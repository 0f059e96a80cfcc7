using Microsoft.Extensions.Http.Resilience;

namespace Encore.Server;

/// <summary>The standard resilience handler tuned for a peer role on the same network (events, features).</summary>
internal static class PeerResilience
{
    /// <summary>
    /// Short attempt and total timeouts, quick retries (50 ms apart; none when <paramref name="retries"/> is 0), and a
    /// circuit breaker whose sampling window is at least two attempts long, as the handler's validation demands.
    /// </summary>
    public static void Configure(HttpStandardResilienceOptions resilience, TimeSpan attemptTimeout, TimeSpan totalTimeout, int retries)
    {
        resilience.AttemptTimeout.Timeout = attemptTimeout;
        resilience.TotalRequestTimeout.Timeout = totalTimeout;
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(
            resilience.CircuitBreaker.SamplingDuration.Ticks, 2 * attemptTimeout.Ticks));
        // The handler rejects 0 attempts; "no retries" is expressed through ShouldHandle instead.
        resilience.Retry.MaxRetryAttempts = Math.Max(1, retries);
        resilience.Retry.Delay = TimeSpan.FromMilliseconds(50);
        if (retries == 0)
        {
            resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        }
    }
}
