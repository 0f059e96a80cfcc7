namespace Encore.Core.Ranking.Live;

/// <summary>What the live features of one request read: the listener, their train row and their session, in internal ids.</summary>
internal readonly ref struct LiveRequest
{
    public LiveRequest(int user, ReadOnlySpan<int> trainItems, ReadOnlySpan<int> distinct, int eventCount, ReadOnlySpan<float> foldedVector)
    {
        User = user;
        TrainItems = trainItems;
        Distinct = distinct;
        EventCount = eventCount;
        FoldedVector = foldedVector;
    }

    /// <summary>The ALS model's row of the listener; −1 for one it does not know.</summary>
    public int User { get; }

    /// <summary>The listener's train items (the ALS training matrix's row), ascending.</summary>
    public ReadOnlySpan<int> TrainItems { get; }

    /// <summary>The session's distinct items, newest first.</summary>
    public ReadOnlySpan<int> Distinct { get; }

    /// <summary>How many events the store held (repeats counted).</summary>
    public int EventCount { get; }

    /// <summary>The listener's folded-in ALS vector; empty when there was nothing to fold in.</summary>
    public ReadOnlySpan<float> FoldedVector { get; }
}
