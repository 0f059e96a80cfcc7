namespace Encore.Core.Data.Generation;

/// <summary>
/// The listens of a run of consecutive users, as columns. A worker fills one, the writer drains it in user
/// order, and it is then reused: no allocation per user or per listen once the buffers have grown.
/// </summary>
internal sealed class ListenBlock
{
    public int[] UserIds = new int[1 << 16];
    public int[] TrackIds = new int[1 << 16];
    public short[] Sequence = new short[1 << 16];
    public short[] Days = new short[1 << 16];

    public int Index { get; private set; }
    public int Count { get; private set; }
    public int Users { get; private set; }
    public long Orphans { get; set; }

    public void Reset(int index, int users)
    {
        Index = index;
        Users = users;
        Count = 0;
        Orphans = 0;
    }

    /// <summary>Makes room for <paramref name="more"/> rows, so that <see cref="Add"/> need not check.</summary>
    public void Reserve(int more)
    {
        var needed = Count + more;
        if (needed <= UserIds.Length)
        {
            return;
        }

        var size = Math.Max(needed, 2 * UserIds.Length);
        Array.Resize(ref UserIds, size);
        Array.Resize(ref TrackIds, size);
        Array.Resize(ref Sequence, size);
        Array.Resize(ref Days, size);
    }

    public void Add(int userId, int trackId, short sequence, short day)
    {
        var i = Count++;
        UserIds[i] = userId;
        TrackIds[i] = trackId;
        Sequence[i] = sequence;
        Days[i] = day;
    }
}
