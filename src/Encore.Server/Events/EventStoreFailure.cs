namespace Encore.Server.Events;

/// <summary>Whether an event store call read or wrote; the answer to the client differs (503 vs a degraded list).</summary>
public enum EventStoreOperation
{
    Read,
    Write,
}

/// <summary>
/// The one mapping of what a backend's client can throw to <see cref="EventStoreUnavailableException"/>. Each store
/// wraps its client calls in a single guard that uses it, so no failure of the client reaches the handlers as
/// anything else (a timeout of a hung Redis is a <see cref="TimeoutException"/>, not a RedisException, and used to
/// answer 500).
/// </summary>
internal static class EventStoreFailure
{
    /// <summary>
    /// True for every exception a client call can end with, except the caller giving up (its own token cancelled):
    /// whatever the library throws — connection loss, timeout, protocol error, a disposed connection — the store is
    /// unusable for this call, and the answer is the same.
    /// </summary>
    public static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is not EventStoreUnavailableException
        && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>The exception the handlers see; its message (for the log only) says which backend and why.</summary>
    public static EventStoreUnavailableException Unavailable(string backend, EventStoreOperation operation, Exception exception) =>
        new(
            $"{backend} is unavailable, the events {(operation == EventStoreOperation.Write ? "write" : "read")} failed: "
            + $"{exception.GetType().Name}: {exception.Message}",
            operation,
            exception);
}
