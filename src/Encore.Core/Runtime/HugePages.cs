using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Encore.Core.Runtime;

/// <summary>
/// Asks Linux to back the process's large arrays with transparent huge pages (2 MiB) where the system leaves that to
/// each program (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> = madvise, the common default). The pipeline
/// touches gigabytes of fresh arrays and reads them at random: with 4 KiB pages every first touch is a page fault
/// (slow in a virtual machine) and nearly every scattered read also misses the TLB. Measured at full scale
/// (bench/RESULTS.md, "Huge pages for the managed heap"): the evaluate step 46.9 → 34.3 s alone, the pipeline's
/// system time 106–114 → 60–63 s.
/// </summary>
public static partial class HugePages
{
    private const int MadvHugePage = 14;
    private const long HugePageBytes = 2 * 1024 * 1024;

    /// <summary>Advises the whole 2 MiB-aligned part of a pinned array; a no-op elsewhere or when refused.</summary>
    internal static unsafe void Advise(float[] pinned)
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
            _ = TryAdvise(alignedStart, alignedEnd);
        }
    }

    /// <summary>
    /// Advises the managed heap's whole address range: the run of address-adjacent anonymous mappings around a live
    /// object, which is the GC's reservation with its committed parts, so every array the GC places there later is
    /// backed by huge pages. The GC decommits by mapping fresh memory over a range, which drops the advice there, so
    /// <see cref="MemoryRelease.Now"/> repeats it after each compacting collection.
    /// </summary>
    /// <returns>Whether the advice was taken (false off Linux, or where the kernel has no transparent huge pages).</returns>
    public static bool AdviseHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var (start, end) = HeapRange(File.ReadLines("/proc/self/maps"), AddressOf(new byte[16]));
            return end > start && TryAdvise(start, end);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The run of address-adjacent anonymous mappings (no file, no name such as [stack]) that holds
    /// <paramref name="address"/>, from the lines of <c>/proc/self/maps</c>; (0, 0) when no anonymous mapping holds it.
    /// </summary>
    internal static (long Start, long End) HeapRange(IEnumerable<string> maps, long address)
    {
        long runStart = 0, runEnd = 0;
        var found = false;
        foreach (var line in maps)
        {
            var (start, end, anonymous) = ParseMapsLine(line);
            if (!anonymous || start != runEnd)
            {
                if (found)
                {
                    break;
                }

                runStart = anonymous ? start : 0;
                runEnd = anonymous ? end : 0;
            }
            else
            {
                runEnd = end;
            }

            found |= anonymous && address >= start && address < end;
        }

        return found ? (runStart, runEnd) : (0, 0);
    }

    // "start-end perms offset dev inode [path]": anonymous when the inode is 0 and no path or [name] follows.
    private static (long Start, long End, bool Anonymous) ParseMapsLine(string line)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        var range = fields[0].Split('-');
        var start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var end = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var anonymous = fields.Length >= 5 && fields[4] == "0" && (fields.Length == 5 || string.IsNullOrWhiteSpace(fields[5]));
        return (start, end, anonymous);
    }

    private static unsafe long AddressOf(byte[] array) => (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    private static bool TryAdvise(long start, long end)
    {
        try
        {
            return Madvise((nint)start, (nuint)(end - start), MadvHugePage) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Only a hint: without it everything works the same, a little slower.
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
