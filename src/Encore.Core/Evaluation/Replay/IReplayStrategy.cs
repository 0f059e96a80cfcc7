using Encore.Core.Serving;

namespace Encore.Core.Evaluation.Replay;

/// <summary>What a strategy is asked at one checkpoint: who is listening and what the service knows of them.</summary>
public readonly ref struct ReplayRequest
{
    public ReplayRequest(long user, ReadOnlySpan<int> offline, ReadOnlySpan<long> events, OnlineHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        User = user;
        Offline = offline;
        Events = events;
        History = history;
    }

    /// <summary>The listener.</summary>
    public long User { get; }

    /// <summary>The listener's precomputed list as the serving set holds it, best first; empty when they have none.</summary>
    public ReadOnlySpan<int> Offline { get; }

    /// <summary>The online events as the events store returns them: the newest N, newest first, repeats kept.</summary>
    public ReadOnlySpan<long> Events { get; }

    /// <summary>The same events as the service reads them (<see cref="OnlineHistory.From"/> with its online history length).</summary>
    public OnlineHistory History { get; }
}

/// <summary>
/// One way of serving a listener during a session, evaluated by the replay. An implementation runs the same Core
/// code the service runs for its kind, so what is measured is what is served. Implementations are called from many
/// threads at once and must not keep per-call state.
/// </summary>
public interface IReplayStrategy
{
    /// <summary>The name in metrics.json and the report.</summary>
    string Name { get; }

    /// <summary>Writes the list served for <paramref name="request"/>, best first.</summary>
    /// <param name="request">The listener and their events.</param>
    /// <param name="destination">Receives up to its length (k) items.</param>
    /// <returns>How many items were written.</returns>
    int Recommend(in ReplayRequest request, Span<int> destination);
}
