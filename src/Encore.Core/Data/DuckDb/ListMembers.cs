using System.Numerics;

namespace Encore.Core.Data.DuckDb;

/// <summary>
/// The values of one list at a time, to catch a value listed twice at O(1) per value: an open-addressing table whose
/// slots are stamped with the list's number, so moving on to the next list clears nothing. Checking 67M rows of
/// 50-item lists this way costs a fraction of the scan that reads them; a HashSet per list would cost more than the scan.
/// </summary>
internal sealed class ListMembers
{
    private int[] _values = new int[128];
    private int[] _stamps = new int[128];
    private int _shift = 32 - 7;
    private int _count;
    private int _list = 1;

    /// <summary>Starts the next list: no value is in it.</summary>
    public void Next()
    {
        _count = 0;
        if (++_list == int.MaxValue)
        {
            Array.Clear(_stamps);
            _list = 1;
        }
    }

    /// <summary>Adds <paramref name="value"/> to the current list.</summary>
    /// <returns>False when the list already has it.</returns>
    public bool Add(int value)
    {
        if (2 * (_count + 1) > _values.Length)
        {
            Grow();
        }

        var mask = _values.Length - 1;
        for (var slot = Slot(value); ; slot = (slot + 1) & mask)
        {
            if (_stamps[slot] != _list)
            {
                _stamps[slot] = _list;
                _values[slot] = value;
                _count++;
                return true;
            }

            if (_values[slot] == value)
            {
                return false;
            }
        }
    }

    // Fibonacci hashing: ids that differ in their low bits only still spread over the table.
    private int Slot(int value) => (int)(((uint)value * 0x9E3779B9u) >> _shift);

    private void Grow()
    {
        var values = _values;
        var stamps = _stamps;
        _values = new int[values.Length * 2];
        _stamps = new int[values.Length * 2];
        _shift = 32 - BitOperations.Log2((uint)_values.Length);
        _count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (stamps[i] == _list)
            {
                Add(values[i]);
            }
        }
    }
}
