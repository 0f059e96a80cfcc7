using System.Diagnostics;
using System.Globalization;

namespace Encore.Core.Pipeline;

/// <summary>
/// Peak resident memory of one step. Linux keeps a high-water mark of the process's RSS (VmHWM) and lets the process
/// reset it by writing 5 to /proc/self/clear_refs; elsewhere the value is the process's peak so far.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Starts a new high-water mark; false when the system cannot (the next read is then the process's peak).</summary>
    public static bool TryReset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Peak RSS in bytes since the last reset (or process start).</summary>
    public static long Read()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                // "VmHWM:    123456 kB"
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
