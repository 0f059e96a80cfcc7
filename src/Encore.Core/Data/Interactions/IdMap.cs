using Encore.Core.Runtime;

namespace Encore.Core.Data.Interactions;

/// <summary>
/// A bijection between external ids (user or track ids, any <see cref="long"/>) and dense internal ids
/// 0..Count-1. Internal id i is the i-th smallest distinct external id, so the map depends only on the
/// set of ids, never on their order or on hash-table order (docs/seed.md §9.8).
/// </summary>
/// <remarks>
/// A map made by <see cref="FromOriginals"/> also knows each id's original text: the ids of a log imported with
/// string user or item ids (docs/import.md), where the external ids 0..Count-1 are what the data files hold and the
/// strings are what the API shows.
/// </remarks>
public sealed class IdMap
{
    /// <summary>The internal id written for an unknown external id under <see cref="MissingIdPolicy.Skip"/>.</summary>
    public const int Missing = -1;

    // A direct table may cost at most this many slots per id before the bucket index is cheaper.
    private const int MaxSlotsPerId = 8;

    // Positions per range claimed by a worker of ToInternalParallel.
    private const int ParallelMapRange = 1 << 16;

    private readonly long[] _external;
    // Dense ids (the usual case: 0 to a few million) map through a table of 4 bytes per id, _direct[external] = internal
    // or Missing; a hash map of ~20 bytes per id would hold 1.34M listeners and 1M tracks in ~50 MB and take a
    // noticeable part of a service's start to build. Both null for a map of originals, whose external ids are
    // 0..Count-1 themselves.
    private readonly int[]? _direct;
    // Sparse ids (track ids up to 101M for 981k tracks) map through buckets of the sorted ids: bucket b holds the ids
    // whose offset from the smallest, shifted right by _bucketShift, is b, at _external[_buckets[b].._buckets[b + 1]),
    // about one id a bucket. 4 bytes an id, and a lookup reads two arrays where a frozen hash map (~20 bytes an id)
    // spent most of a 69M-listen matrix build hashing and probing.
    private readonly int[]? _buckets;
    private readonly int _bucketShift;
    private readonly ulong _span;
    private readonly string[]? _originals;
    // A plain dictionary: freezing 1.34M string keys took seconds of a service's start for lookups barely faster.
    private readonly Dictionary<string, int>? _byOriginal;
    private StableKeyIndex? _stableKeys;

    private IdMap(long[] sortedDistinct, string[]? originals = null, Dictionary<string, int>? byOriginal = null)
    {
        _external = sortedDistinct;
        _originals = originals;
        _byOriginal = byOriginal;
        if (originals is not null)
        {
            return;
        }

        if (sortedDistinct.Length > 0 && sortedDistinct[0] >= 0
            && sortedDistinct[^1] < Math.Min(((long)sortedDistinct.Length * MaxSlotsPerId) + 1024, Array.MaxLength))
        {
            _direct = new int[sortedDistinct[^1] + 1];
            Array.Fill(_direct, Missing);
            for (var i = 0; i < sortedDistinct.Length; i++)
            {
                _direct[sortedDistinct[i]] = i;
            }

            return;
        }

        if (sortedDistinct.Length == 0)
        {
            return;
        }

        // Unchecked: the distance from the smallest id to the largest always fits in 64 bits unsigned.
        _span = unchecked((ulong)(sortedDistinct[^1] - sortedDistinct[0]));
        while (_bucketShift < 63 && (_span >> _bucketShift) >= (ulong)sortedDistinct.Length)
        {
            _bucketShift++;
        }

        _buckets = new int[(int)(_span >> _bucketShift) + 2];
        foreach (var id in sortedDistinct)
        {
            _buckets[BucketOf(id) + 1]++;
        }

        for (var b = 1; b < _buckets.Length; b++)
        {
            _buckets[b] += _buckets[b - 1];
        }
    }

    private int BucketOf(long external) => (int)(unchecked((ulong)(external - _external[0])) >> _bucketShift);

    /// <summary>Number of distinct ids.</summary>
    public int Count => _external.Length;

    /// <summary>The external ids in internal order (ascending).</summary>
    public ReadOnlySpan<long> ExternalIds => _external;

    /// <summary>Builds the map from any ids; duplicates and order do not matter.</summary>
    public static IdMap FromIds(ReadOnlySpan<long> ids)
    {
        var sorted = ids.ToArray();
        Array.Sort(sorted);
        var distinct = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[distinct - 1])
            {
                sorted[distinct++] = sorted[i];
            }
        }

        Array.Resize(ref sorted, distinct);
        return new IdMap(sorted);
    }

    /// <inheritdoc cref="FromIds(ReadOnlySpan{long})"/>
    public static IdMap FromIds(ReadOnlySpan<int> ids)
    {
        var wide = new long[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            wide[i] = ids[i];
        }

        return FromIds(wide);
    }

    /// <summary>
    /// The map of string ids: id i (external and internal alike) is <paramref name="originals"/>[i]. The strings must be
    /// distinct and non-empty.
    /// </summary>
    /// <exception cref="ArgumentException">A string is empty or repeated.</exception>
    public static IdMap FromOriginals(IReadOnlyList<string> originals)
    {
        ArgumentNullException.ThrowIfNull(originals);
        var texts = originals.ToArray();
        var byOriginal = new Dictionary<string, int>(texts.Length, StringComparer.Ordinal);
        var ids = new long[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            if (string.IsNullOrEmpty(texts[i]) || !byOriginal.TryAdd(texts[i], i))
            {
                throw new ArgumentException($"Original id '{texts[i]}' (id {i}) is empty or repeated.", nameof(originals));
            }

            ids[i] = i;
        }

        return new IdMap(ids, texts, byOriginal);
    }

    /// <summary>Whether the ids have original strings (<see cref="FromOriginals"/>).</summary>
    public bool HasOriginals => _originals is not null;

    /// <summary>
    /// The ids by the <see cref="StableKey"/> of their originals: built on first use (the service builds it when it
    /// loads a set), then kept with the map.
    /// </summary>
    /// <exception cref="InvalidOperationException">The map has no originals.</exception>
    public StableKeyIndex StableKeys =>
        _originals is null
            ? throw new InvalidOperationException("This id map has no original strings.")
            : LazyInitializer.EnsureInitialized(ref _stableKeys, () => StableKeyIndex.Of(this));

    /// <summary>The original text of id <paramref name="id"/>.</summary>
    /// <exception cref="InvalidOperationException">The map has no originals.</exception>
    public string ToOriginal(int id)
    {
        var originals = _originals ?? throw new InvalidOperationException("This id map has no original strings.");
        return (uint)id < (uint)originals.Length
            ? originals[id]
            : throw new ArgumentOutOfRangeException(nameof(id), id, $"Id must be in [0, {originals.Length}).");
    }

    /// <summary>The id whose original text is <paramref name="original"/> (ordinal), or false.</summary>
    public bool TryFromOriginal(string original, out int id)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (_byOriginal is not null && _byOriginal.TryGetValue(original, out id))
        {
            return true;
        }

        id = Missing;
        return false;
    }

    /// <summary>Whether <paramref name="external"/> is in the map.</summary>
    public bool Contains(long external) => TryGet(external, out _);

    /// <summary>The internal id of <paramref name="external"/>.</summary>
    /// <exception cref="EncoreException">The id is not in the map.</exception>
    public int ToInternal(long external) =>
        TryGet(external, out var id) ? id : throw new EncoreException($"Unknown id {external}.");

    /// <summary>The internal id of <paramref name="external"/>, or false when it is unknown.</summary>
    public bool TryToInternal(long external, out int id)
    {
        if (TryGet(external, out id))
        {
            return true;
        }

        id = Missing;
        return false;
    }

    /// <summary>
    /// Maps <paramref name="external"/> into <paramref name="destination"/> position by position, so parallel
    /// arrays stay aligned.
    /// </summary>
    /// <returns>The number of unknown ids (written as <see cref="Missing"/> under <see cref="MissingIdPolicy.Skip"/>).</returns>
    /// <exception cref="EncoreException">An id is unknown and the policy is <see cref="MissingIdPolicy.Throw"/>.</exception>
    public int ToInternal(ReadOnlySpan<long> external, Span<int> destination, MissingIdPolicy policy)
    {
        if (destination.Length < external.Length)
        {
            throw new ArgumentException("Destination is shorter than the input.", nameof(destination));
        }

        var missing = 0;
        for (var i = 0; i < external.Length; i++)
        {
            if (TryGet(external[i], out var id))
            {
                destination[i] = id;
            }
            else if (policy == MissingIdPolicy.Throw)
            {
                throw new EncoreException($"Unknown id {external[i]} (position {i}).");
            }
            else
            {
                destination[i] = Missing;
                missing++;
            }
        }

        return missing;
    }

    /// <summary>
    /// Maps every id of <paramref name="external"/> into <paramref name="destination"/> (<see cref="Missing"/> for an
    /// unknown one), ranges of positions in parallel: a listening log's 69M lookups are most of a matrix build.
    /// </summary>
    /// <returns>The first position whose id is unknown, or -1 when every id is known.</returns>
    internal int ToInternalParallel(int[] external, int[] destination)
    {
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Length < external.Length)
        {
            throw new ArgumentException("Destination is shorter than the input.", nameof(destination));
        }

        var firstUnknown = new int[ParallelRanges.RangeCount(external.Length, ParallelMapRange)];
        ParallelRanges.For<int>(external.Length, ParallelMapRange, Environment.ProcessorCount, 0, (start, end, _) =>
        {
            var first = -1;
            for (var k = start; k < end; k++)
            {
                if (!TryGet(external[k], out destination[k]) && first < 0)
                {
                    first = k;
                }
            }

            firstUnknown[start / ParallelMapRange] = first;
        });
        foreach (var first in firstUnknown)
        {
            if (first >= 0)
            {
                return first;
            }
        }

        return -1;
    }

    private bool TryGet(long external, out int id)
    {
        if (_direct is { } direct)
        {
            id = (ulong)external < (ulong)direct.Length ? direct[external] : Missing;
            return id != Missing;
        }

        if (_buckets is { } buckets)
        {
            // An id below the smallest wraps to an offset above the span.
            if (unchecked((ulong)(external - _external[0])) > _span)
            {
                id = Missing;
                return false;
            }

            var bucket = BucketOf(external);
            var start = buckets[bucket];
            var length = buckets[bucket + 1] - start;
            var at = _external.AsSpan(start, length).BinarySearch(external);
            id = at >= 0 ? start + at : Missing;
            return at >= 0;
        }

        id = (ulong)external < (ulong)_external.Length ? (int)external : Missing;
        return id != Missing;
    }

    /// <summary>The external id of internal id <paramref name="id"/>.</summary>
    public long ToExternal(int id)
    {
        if ((uint)id >= (uint)_external.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Internal id must be in [0, {_external.Length}).");
        }

        return _external[id];
    }

    /// <summary>Maps internal ids back to external ids.</summary>
    public void ToExternal(ReadOnlySpan<int> ids, Span<long> destination)
    {
        if (destination.Length < ids.Length)
        {
            throw new ArgumentException("Destination is shorter than the input.", nameof(destination));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            destination[i] = ToExternal(ids[i]);
        }
    }
}
