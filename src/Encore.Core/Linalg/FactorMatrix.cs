using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Encore.Core.Runtime;

namespace Encore.Core.Linalg;

/// <summary>
/// A dense row-major <see cref="float"/> matrix in one contiguous buffer (like ImageSharp's <c>Buffer2D</c>),
/// whose first row starts on a 64-byte boundary so that 64-float rows never straddle cache lines.
/// </summary>
public sealed class FactorMatrix
{
    private const int AlignmentFloats = 16;

    // Pinned (POH) so the alignment computed below stays valid for the array's lifetime.
    private readonly float[] _buffer;
    private readonly int _offset;

    public FactorMatrix(int rows, int columns)
    {
        if (rows < 0 || columns < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"Shape {rows}x{columns} must not be negative.");
        }

        Rows = rows;
        Columns = columns;
        var length = checked((long)rows * columns);
        if (length > Array.MaxLength - AlignmentFloats)
        {
            throw new EncoreException($"A {rows}x{columns} factor matrix is too large for one array.");
        }

        // Uninitialised, so that the pages are still untouched when they are advised to be huge pages; the
        // clear below then faults them in as 2 MiB pages where the kernel allows it.
        _buffer = GC.AllocateUninitializedArray<float>((int)length + AlignmentFloats, pinned: true);
        _offset = AlignedOffset(_buffer);
        HugePages.Advise(_buffer);

        _buffer.AsSpan().Clear();
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>All elements, row after row.</summary>
    public Span<float> Data => _buffer.AsSpan(_offset, Rows * Columns);

    /// <summary>Row <paramref name="i"/>.</summary>
    public Span<float> Row(int i)
    {
        if ((uint)i >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"Row must be in [0, {Rows}).");
        }

        return _buffer.AsSpan(_offset + (i * Columns), Columns);
    }

    /// <summary>The first element, for kernels that index rows themselves (no bounds checks).</summary>
    internal ref float First => ref MemoryMarshal.GetArrayDataReference(_buffer).AddOffset(_offset);

    /// <summary>The address of the first element (the buffer is pinned, so it never changes).</summary>
    internal unsafe nuint DataAddress => (nuint)Unsafe.AsPointer(ref First);

    /// <summary>Copies <paramref name="source"/> (same shape) into this matrix.</summary>
    public void CopyFrom(FactorMatrix source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Rows != Rows || source.Columns != Columns)
        {
            throw new ArgumentException($"Shape {source.Rows}x{source.Columns} differs from {Rows}x{Columns}.", nameof(source));
        }

        source.Data.CopyTo(Data);
    }

    private static unsafe int AlignedOffset(float[] buffer)
    {
        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        var misalignment = (int)(address % (AlignmentFloats * sizeof(float)));
        return misalignment == 0 ? 0 : ((AlignmentFloats * sizeof(float)) - misalignment) / sizeof(float);
    }
}

internal static class RefExtensions
{
    public static ref float AddOffset(this ref float source, int offset) => ref Unsafe.Add(ref source, offset);
}
