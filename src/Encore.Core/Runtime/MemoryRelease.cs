using System.Runtime;
using System.Runtime.InteropServices;

namespace Encore.Core.Runtime;

/// <summary>
/// Hands memory a finished stage no longer needs back to the operating system. Between the pipeline's steps (and
/// between the ranker's fit and scoring) gigabytes of arrays become garbage at once; a workstation GC frees them only
/// when its next gen-2 collection happens to run, and the large-object heap is never compacted unless asked, so the
/// next stage's peak would stack on the last one's. DuckDB and LightGBM allocate natively, and glibc keeps freed
/// blocks in its arenas; malloc_trim returns them.
/// </summary>
public static partial class MemoryRelease
{
    /// <summary>Runs a blocking, compacting gen-2 collection (large objects included), then trims the C heap on glibc.</summary>
    public static void Now()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        TrimNativeHeap();
        // The collection decommitted free regions, which drops their huge-page advice (HugePages.AdviseHeap).
        _ = HugePages.AdviseHeap();
    }

    /// <summary>Returns the C heap's free blocks to the operating system (glibc's malloc_trim; nothing elsewhere).</summary>
    public static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): its allocator returns large blocks by itself.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
