using System.Runtime.Intrinsics;

namespace Encore.Core.Linalg;

/// <summary>The vector width a hand-written kernel runs at; tests run every width and compare.</summary>
public enum SimdWidth
{
    Scalar = 1,
    Vector256 = 8,
    Vector512 = 16,
}

/// <summary>The single width-dispatch rule of the hand-written kernels: widest accelerated first, then scalar.</summary>
public static class Simd
{
    /// <summary>The widest width this machine accelerates.</summary>
    public static SimdWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : SimdWidth.Scalar;

    /// <summary>Whether <paramref name="width"/> can run here (emulated widths count as not supported).</summary>
    public static bool IsSupported(SimdWidth width) => width switch
    {
        SimdWidth.Scalar => true,
        SimdWidth.Vector256 => Vector256.IsHardwareAccelerated,
        SimdWidth.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };
}
