using Encore.Core.Linalg;

namespace Encore.Core.Tests.Linalg;

/// <summary>
/// Theory data over every kernel width, so that the Vector256 and scalar paths are tested on an AVX-512 machine
/// too. A width this machine cannot run is the only skip: every width it can run is always run.
/// </summary>
public static class SimdWidths
{
    public static readonly SimdWidth[] Every = Enum.GetValues<SimdWidth>();

    public static TheoryData<SimdWidth> All => new(Every);

    /// <summary>Every width crossed with every case.</summary>
    public static TheoryData<SimdWidth, T1, T2, T3, T4> Cross<T1, T2, T3, T4>(params (T1, T2, T3, T4)[] cases)
    {
        var data = new TheoryData<SimdWidth, T1, T2, T3, T4>();
        foreach (var width in Every)
        {
            foreach (var (a, b, c, d) in cases)
            {
                data.Add(width, a, b, c, d);
            }
        }

        return data;
    }

    /// <summary>Every width crossed with every case.</summary>
    public static TheoryData<SimdWidth, T> Cross<T>(params T[] cases)
    {
        var data = new TheoryData<SimdWidth, T>();
        foreach (var width in Every)
        {
            foreach (var c in cases)
            {
                data.Add(width, c);
            }
        }

        return data;
    }

    /// <summary>Skips the calling test when this machine cannot run <paramref name="width"/>.</summary>
    public static void Require(SimdWidth width) =>
        Assert.SkipUnless(Simd.IsSupported(width), $"{width} is not accelerated on this machine");
}
