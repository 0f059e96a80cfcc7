using System.Runtime.CompilerServices;

namespace Encore.Core.Data.Generation;

/// <summary>Independent random streams of the generator; each part of the model draws from its own.</summary>
internal enum RngStream : ulong
{
    Catalog = 1,
    Names = 2,
    Users = 3,
    UserIds = 4,
    Tastes = 6,
}

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna 2018), seeded through SplitMix64. A mutable struct so that the hot
/// loops keep its state in registers; pass it by <c>ref</c>. Streams are keyed by (seed, stream, index),
/// so a user's draws depend only on the random seed and the user's index, never on threads or timing.
/// </summary>
internal struct Rng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public static Rng Create(int seed, RngStream stream, long index)
    {
        // Mix the three keys through SplitMix64 so that neighbouring indexes give unrelated states.
        var x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xD1B54A32D192ED03UL ^ (ulong)index * 0xAEF17502108EF2D9UL;
        var rng = default(Rng);
        rng._s0 = SplitMix64(ref x);
        rng._s1 = SplitMix64(ref x);
        rng._s2 = SplitMix64(ref x);
        rng._s3 = SplitMix64(ref x);
        return rng;
    }

    /// <summary>A 64-bit hash of (seed, stream, index), for one-off decisions that need no stream.</summary>
    public static ulong Hash(int seed, RngStream stream, long index)
    {
        var x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xD1B54A32D192ED03UL ^ (ulong)index * 0xAEF17502108EF2D9UL;
        return SplitMix64(ref x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = BitRotate(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>) by multiply-shift (Lemire); the bias is below 2^-32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)(uint)maxExclusive) >> 32);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxInclusive"/>].</summary>
    public int NextInt(int min, int maxInclusive) => min + NextInt(maxInclusive - min + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Standard normal by the Box–Muller transform (one of the pair is dropped, for simplicity).</summary>
    public double NextNormal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>exp(N(mu, sigma²)).</summary>
    public double NextLogNormal(double mu, double sigma) => Math.Exp(mu + sigma * NextNormal());

    /// <summary>An index drawn in proportion to the increments of a running sum (binary search).</summary>
    public int NextIndex(ReadOnlySpan<double> cumulative)
    {
        var u = NextDouble() * cumulative[^1];
        var index = cumulative.BinarySearch(u);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, cumulative.Length - 1);
    }

    /// <summary>Exponential with mean 1.</summary>
    public double NextExponential() => -Math.Log(1.0 - NextDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
