namespace Encore.Server.Events;

/// <summary>One listen the service was told about: a track and when it was played.</summary>
public readonly record struct UserEvent(long ItemId, DateTimeOffset Timestamp);

/// <summary>
/// The newest events of each listener (the seed's events service). Every backend keeps exactly the newest
/// <c>Capacity</c> per user, returns them newest first and stays correct under concurrent writes for one user.
/// </summary>
public interface IEventStore
{
    /// <summary>How many events per user are kept.</summary>
    int Capacity { get; }

    /// <summary>Records a listen.</summary>
    /// <exception cref="EventStoreUnavailableException">The backend cannot be reached; nothing was written.</exception>
    ValueTask AddAsync(long userId, UserEvent userEvent, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="k"/> events of a user (fewer when there are fewer), newest first.</summary>
    /// <exception cref="EventStoreUnavailableException">The backend cannot be reached.</exception>
    ValueTask<IReadOnlyList<UserEvent>> GetAsync(long userId, int k, CancellationToken cancellationToken = default);
}

/// <summary>
/// The event store's backend cannot be reached or did not answer in time (e.g. Redis is down or hung). The message
/// says which backend and why, for the log; it names endpoints and keys, so it is never sent to a client.
/// </summary>
public sealed class EventStoreUnavailableException(string message, EventStoreOperation operation, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Whether the failed call was a read or a write.</summary>
    public EventStoreOperation Operation { get; } = operation;
}
