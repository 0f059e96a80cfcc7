using Encore.Core.Randomness;

namespace Encore.Core.Ranking.Live;

/// <summary>
/// The live ranker's training rows, replayed as the replay protocol replays the test period, without leakage: at a
/// checkpoint c of a listener's label-window listens, the request is the one the service would see after c listens
/// (their train row, the newest <see cref="LiveOptions.StoredEvents"/> of those c listens, their offline list) and
/// its candidates and features come from <see cref="LiveEngine.Build"/>; the labels are the next
/// <see cref="LiveOptions.Target"/> tracks new to the listener, listened after c. Nothing a row's features read
/// comes from listen c or later.
/// </summary>
/// <remarks>
/// Per listener, up to <see cref="LiveOptions.CheckpointsPerUser"/> checkpoints in 0…<see cref="LiveOptions.Checkpoints"/>
/// with a target are drawn, and per checkpoint every positive and <c>negativesPerPositive × positives</c> negatives;
/// a checkpoint whose candidates miss the whole target adds no row (LambdaRank learns nothing from it). The draws
/// are seeded by (seed, listener), so rows do not depend on threads or chunking.
/// </remarks>
internal sealed class LiveTrainingRows(LiveEngine engine)
{
    private readonly LiveOptions _options = engine.Options;

    /// <summary>One replayed checkpoint's rows.</summary>
    /// <param name="Checkpoint">c.</param>
    /// <param name="Items">The kept candidates (internal ids), ascending.</param>
    /// <param name="Labels">1 for a target track, else 0.</param>
    /// <param name="Features">Their feature rows, row-major.</param>
    /// <param name="TargetSize">How many tracks the target held.</param>
    public sealed record Group(int Checkpoint, int[] Items, float[] Labels, float[] Features, int TargetSize);

    /// <summary>The checkpoints of a listener with <paramref name="listens"/> (label-window order) to replay, ascending.</summary>
    public int[] Checkpoints(int user, ReadOnlySpan<int> listens, ReadOnlySpan<int> train, Span<int> target)
    {
        var valid = new List<int>();
        var last = Math.Min(_options.Checkpoints, listens.Length - 1);
        for (var c = 0; c <= last; c++)
        {
            if (Target(listens, c, train, target) > 0)
            {
                valid.Add(c);
            }
        }

        var random = new SplitMix64(((ulong)(uint)_options.Seed << 32) ^ (uint)user ^ 0x5EED_11FEUL);
        var take = Math.Min(_options.CheckpointsPerUser, valid.Count);
        for (var i = 0; i < take; i++)
        {
            var pick = i + (int)random.NextBelow((ulong)(valid.Count - i));
            (valid[i], valid[pick]) = (valid[pick], valid[i]);
        }

        var chosen = valid.GetRange(0, take).ToArray();
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>The rows of listener <paramref name="user"/> (a model row) replaying <paramref name="listens"/> with their <paramref name="offline"/> list.</summary>
    public List<Group> Rows(int user, ReadOnlySpan<int> listens, ReadOnlySpan<int> offline, LiveWorking working)
    {
        var train = engine.TrainItems(user);
        var target = new int[_options.Target];
        var groups = new List<Group>();
        var events = new int[_options.StoredEvents];
        foreach (var c in Checkpoints(user, listens, train, target))
        {
            var size = Target(listens, c, train, target);
            var stored = History(listens, c, _options.StoredEvents, events);
            var count = engine.Build(user, events.AsSpan(0, stored), offline, working);
            if (Labelled(user, c, count, target.AsSpan(0, size), working) is { } group)
            {
                groups.Add(group);
            }
            else
            {
                groups.Add(new Group(c, [], [], [], size));
            }
        }

        return groups;
    }

    /// <summary>
    /// The events store after the first <paramref name="checkpoint"/> listens: the newest <paramref name="capacity"/>,
    /// newest first (as <c>ReplayCheckpoints.History</c> replays them).
    /// </summary>
    public static int History(ReadOnlySpan<int> listens, int checkpoint, int capacity, Span<int> destination)
    {
        var count = Math.Min(checkpoint, capacity);
        for (var i = 0; i < count; i++)
        {
            destination[i] = listens[checkpoint - 1 - i];
        }

        return count;
    }

    /// <summary>
    /// The next <paramref name="destination"/>.Length distinct tracks from listen <paramref name="checkpoint"/> on that are
    /// new to the listener (not in <paramref name="train"/>, not among the first c listens), as the replay's target.
    /// </summary>
    public static int Target(ReadOnlySpan<int> listens, int checkpoint, ReadOnlySpan<int> train, Span<int> destination)
    {
        var replayed = listens[..checkpoint];
        var count = 0;
        for (var j = checkpoint; j < listens.Length && count < destination.Length; j++)
        {
            var item = listens[j];
            if (train.BinarySearch(item) >= 0 || replayed.Contains(item) || destination[..count].Contains(item))
            {
                continue;
            }

            destination[count++] = item;
        }

        return count;
    }

    private Group? Labelled(int user, int checkpoint, int count, ReadOnlySpan<int> target, LiveWorking working)
    {
        var candidates = working.Candidates;
        var positives = new List<int>();
        var negatives = new List<int>();
        for (var c = 0; c < count; c++)
        {
            (target.Contains(candidates[c].Item) ? positives : negatives).Add(c);
        }

        if (positives.Count == 0)
        {
            return null;
        }

        var quota = Math.Min(negatives.Count, _options.NegativesPerPositive * positives.Count);
        var random = new SplitMix64(((ulong)(uint)_options.Seed << 32) ^ ((ulong)(uint)user << 8) ^ (uint)checkpoint);
        for (var i = 0; i < quota; i++)
        {
            var pick = i + (int)random.NextBelow((ulong)(negatives.Count - i));
            (negatives[i], negatives[pick]) = (negatives[pick], negatives[i]);
        }

        var kept = positives.Concat(negatives.Take(quota)).Order().ToArray();
        var columns = working.Table.Columns;
        var items = new int[kept.Length];
        var labels = new float[kept.Length];
        var features = new float[kept.Length * columns];
        for (var i = 0; i < kept.Length; i++)
        {
            items[i] = candidates[kept[i]].Item;
            labels[i] = target.Contains(items[i]) ? 1f : 0f;
            working.Table.Row(kept[i]).CopyTo(features.AsSpan(i * columns, columns));
        }

        return new Group(checkpoint, items, labels, features, target.Length);
    }
}
