using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace Encore.Core.Data.Interactions;

/// <summary>
/// The stable key of a string id: a 64-bit number that depends only on the id's text, never on the set it is in.
/// The event store keeps a string set's listeners and tracks under it, so stored events survive a retrained set that
/// numbers its ids anew (docs/service.md, "How events are stored").
/// </summary>
/// <remarks>
/// <para>
/// <b>A storage format: it must never change.</b> Key(s) = 2^62 + (XXH64(UTF-8(s), seed 0) &gt;&gt; 2), i.e. the
/// top 62 bits of the id's XXH64 hash with bit 62 set, in [2^62, 2^63). The text is taken as it is (no trimming, no
/// Unicode normalization; an unpaired surrogate is encoded as U+FFFD). <c>xxhsum -H1</c>, Python's
/// <c>xxhash.xxh64_intdigest(s.encode())</c> or any XXH64 gives the hash: <c>(h &gt;&gt; 2) | (1 &lt;&lt; 62)</c> is the key.
/// </para>
/// <para>
/// The range keeps keys apart from every id an integer set's files hold (int32: prepare and import write INTEGER
/// columns) and from <see cref="IdMap"/>'s dense ids, so an event store shared across a switch between an integer
/// and a string set never mixes their listeners. 62 bits make a collision between two ids of one set unlikely
/// (about n²/2^63: 1 in 9 million at a million ids); <see cref="StableKeyIndex"/> resolves a colliding track to none.
/// </para>
/// </remarks>
public static class StableKey
{
    /// <summary>The smallest key, 2^62.</summary>
    public const long Min = 1L << 62;

    // Ids up to this many UTF-8 bytes are encoded on the stack (UUIDs and MusicBrainz ids are 36).
    private const int StackBytes = 256;

    /// <summary>The key of <paramref name="original"/>.</summary>
    [SkipLocalsInit] // the stack buffer is written before it is read
    public static long Of(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var length = Encoding.UTF8.GetMaxByteCount(original.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(original, buffer);
            return (long)(XxHash64.HashToUInt64(buffer[..written]) >> 2) | Min;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> is in the keys' range (and so no dense or integer-set id).</summary>
    public static bool IsKey(long value) => value >= Min;
}
