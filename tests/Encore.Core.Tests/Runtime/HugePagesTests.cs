using System.Runtime.InteropServices;
using Encore.Core.Runtime;

namespace Encore.Core.Tests.Runtime;

public sealed class HugePagesTests
{
    [Fact]
    public void TheHeapRangeIsTheRunOfAdjacentAnonymousMappingsAroundTheAddress()
    {
        string[] maps =
        [
            "00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dotnet",
            "7f0000000000-7f0000100000 rw-p 00000000 00:00 0 ",
            "7f0000200000-7f0000400000 rw-p 00000000 00:00 0",
            "7f0000400000-7f0010000000 ---p 00000000 00:00 0",
            "7f0010000000-7f0010200000 rw-p 00000000 00:00 0",
            "7f0010200000-7f0010300000 rw-p 00000000 00:00 0                          [stack:1234]",
            "7f0010300000-7f0010400000 rw-p 00000000 00:00 0",
        ];

        // From the gap before it to the named mapping after it: committed, reserved and committed again.
        Assert.Equal((0x7f0000200000L, 0x7f0010200000L), HugePages.HeapRange(maps, 0x7f0000500000L));
        Assert.Equal((0x7f0000000000L, 0x7f0000100000L), HugePages.HeapRange(maps, 0x7f0000000010L));
        Assert.Equal((0x7f0010300000L, 0x7f0010400000L), HugePages.HeapRange(maps, 0x7f00103fffffL));
        Assert.Equal((0L, 0L), HugePages.HeapRange(maps, 0x00400010L));
        Assert.Equal((0L, 0L), HugePages.HeapRange(maps, 0x7f0010200010L));
        Assert.Equal((0L, 0L), HugePages.HeapRange(maps, 0x7f0000150000L));
    }

    [Fact]
    public void AdvisingTheHeapMarksTheMappingOfALargeArrayAllocatedAfterwards()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/sys/kernel/mm/transparent_hugepage/enabled"))
        {
            Assert.Skip("Transparent huge pages are a Linux feature this kernel does not have.");
        }

        Assert.True(HugePages.AdviseHeap());
        var array = new byte[64 << 20];
        var flags = VmFlagsAt(Address(array));
        GC.KeepAlive(array);

        // "hg": the mapping was advised MADV_HUGEPAGE.
        Assert.Contains("hg", flags);
    }

    private static long Address(byte[] array)
    {
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            return handle.AddrOfPinnedObject();
        }
        finally
        {
            handle.Free();
        }
    }

    private static string[] VmFlagsAt(long address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out var start)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.HexNumber, null, out var end))
            {
                inside = address >= start && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"No mapping holds 0x{address:x}.");
    }
}
