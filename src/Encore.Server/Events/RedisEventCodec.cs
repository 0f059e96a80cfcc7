using System.Buffers.Binary;

namespace Encore.Server.Events;

/// <summary>
/// One event as a Redis list value: the item id and the Unix time in milliseconds, 8 little-endian bytes each.
/// Sixteen bytes instead of ~60 for JSON, and decoding needs no parser.
/// </summary>
internal static class RedisEventCodec
{
    public const int Size = 16;

    private static readonly long s_minUnixMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long s_maxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static byte[] Encode(UserEvent userEvent)
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, userEvent.ItemId);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), userEvent.Timestamp.ToUnixTimeMilliseconds());
        return bytes;
    }

    /// <summary>
    /// Reads a value written by <see cref="Encode"/>; the timestamp comes back in UTC, to the millisecond. False when
    /// the value is not 16 bytes, i.e. something else wrote under the store's key prefix.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out UserEvent userEvent)
    {
        if (bytes.Length != Size)
        {
            userEvent = default;
            return false;
        }

        var milliseconds = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        if (milliseconds < s_minUnixMilliseconds || milliseconds > s_maxUnixMilliseconds)
        {
            // Sixteen foreign bytes whose second half is no instant DateTimeOffset can hold.
            userEvent = default;
            return false;
        }

        userEvent = new UserEvent(BinaryPrimitives.ReadInt64LittleEndian(bytes), DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
        return true;
    }
}
