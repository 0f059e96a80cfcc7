using System.Buffers.Binary;

namespace Encore.Server.Events;

/// <summary>
/// One event as a Redis list value: the item id and the Unix time in milliseconds, 8 little-endian bytes each.
/// Sixteen bytes instead of ~60 for JSON, and decoding needs no parser.
/// </summary>
internal static class RedisEventCodec
{
    public const int Size = 16;

    public static byte[] Encode(UserEvent userEvent)
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, userEvent.ItemId);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), userEvent.Timestamp.ToUnixTimeMilliseconds());
        return bytes;
    }

    /// <summary>Reads a value written by <see cref="Encode"/>; the timestamp comes back in UTC, to the millisecond.</summary>
    /// <exception cref="FormatException">The value is not 16 bytes, so something else wrote under the store's key prefix.</exception>
    public static UserEvent Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new FormatException($"An event value must be {Size} bytes, got {bytes.Length}.");
        }

        return new UserEvent(
            BinaryPrimitives.ReadInt64LittleEndian(bytes),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(bytes[8..])));
    }
}
