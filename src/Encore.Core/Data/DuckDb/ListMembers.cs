using System.Numerics;
using System.Runtime.CompilerServices;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// The values of one list at a time, to catch a value listed twice at O(1) per value: an open-addressing table whose
/// slots carry the list's number beside the value (one 8-byte read per probe), so moving on to the next list clears
/// nothing. Kept at most a quarter full, so a probe rarely collides (a collision is a mispredicted branch), and in L1 for
/// lists of up to 64 values; a HashSet per list would cost more than the scan.
/// </summary>
internal sealed class ListMembers
{
    private ulong[] _slots = new ulong[256];
    private int _shift = 32 - 8;
    private int _count;
    private ulong _list = 1UL << 32;

    /// <summary>Starts the next list: no value is in it.</summary>
    public void Next()
    {
        _count = 0;
        _list += 1UL << 32;
        if (_list == 0)
        {
            // 2^32 lists later the numbers wrap: forget the old ones so that none is mistaken for the current list.
            Array.Clear(_slots);
            _list = 1UL << 32;
        }
    }

    /// <summary>Adds <paramref name="value"/> to the current list.</summary>
    /// <returns>False when the list already has it.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(int value)
    {
        if (++_count * 4 > _slots.Length)
        {
            Grow();
        }

        var entry = _list | (uint)value;
        var mask = _slots.Length - 1;
        // Multiplicative (Fibonacci) hashing, the product's top bits: regularly spaced ids still spread over the table.
        for (var slot = (int)(((uint)value * 0x9E3779B9u) >> _shift); ; slot = (slot + 1) & mask)
        {
            var held = _slots[slot];
            if (held == entry)
            {
                _count--;
                return false;
            }

            if ((held & 0xFFFF_FFFF_0000_0000UL) != _list)
            {
                _slots[slot] = entry;
                return true;
            }
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _shift = 32 - BitOperations.Log2((uint)_slots.Length);
        var count = _count;
        _count = 0;
        foreach (var held in old)
        {
            if ((held & 0xFFFF_FFFF_0000_0000UL) == _list)
            {
                Add((int)(uint)held);
            }
        }

        _count = count;
    }
}
