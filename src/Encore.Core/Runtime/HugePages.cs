using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Encore.Core.Runtime;

/// <summary>
/// Asks Linux to back large factor matrices with transparent huge pages. ALS reads factor rows at random over
/// tens of megabytes; with 4 KiB pages nearly every first touch of a row also misses the TLB.
/// </summary>
internal static partial class HugePages
{
    private const int MadvHugePage = 14;
    private const long HugePageBytes = 2 * 1024 * 1024;

    /// <summary>Advises the whole 2 MiB-aligned part of a pinned array; a no-op elsewhere or when refused.</summary>
    public static unsafe void Advise(float[] pinned)
    {
        if (!OperatingSystem.IsLinux() || (long)pinned.Length * sizeof(float) < 2 * HugePageBytes)
        {
            return;
        }

        var start = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        var end = start + ((long)pinned.Length * sizeof(float));
        var alignedStart = (start + HugePageBytes - 1) & ~(HugePageBytes - 1);
        var alignedEnd = end & ~(HugePageBytes - 1);
        if (alignedEnd > alignedStart)
        {
            try
            {
                _ = Madvise((nint)alignedStart, (nuint)(alignedEnd - alignedStart), MadvHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Only a hint: without it the matrix works the same, a little slower.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
