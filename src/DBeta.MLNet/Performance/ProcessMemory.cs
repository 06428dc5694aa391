using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace DBeta.MLNet;

/// <summary>This process's resident memory, as the kernel reports it (<c>/proc/self/status</c> on Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>
    /// Peak resident set size in bytes since the process started (Linux <c>VmHWM</c>; elsewhere the peak working set),
    /// native allocations such as ONNX Runtime's included.
    /// </summary>
    public static long PeakResidentBytes() =>
        ReadStatus("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>
    /// Returns memory the runtime holds but no longer uses to the system, then restarts the peak from the current resident
    /// size (Linux: <c>/proc/self/clear_refs</c> with 5), so a later <see cref="PeakResidentBytes"/> covers only what
    /// follows. Returns false where the peak cannot be reset.
    /// </summary>
    public static bool ResetPeak()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        const string clearRefs = "/proc/self/clear_refs";
        if (!File.Exists(clearRefs)) return false;
        try
        {
            File.WriteAllText(clearRefs, "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Current resident set size in bytes (Linux <c>VmRSS</c>; elsewhere the working set).</summary>
    public static long ResidentBytes() =>
        ReadStatus("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

    private static long? ReadStatus(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        foreach (string line in File.ReadLines(status))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var parts = line[key.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // The kernel reports kB (KiB).
            if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kib)) return kib * 1024;
        }
        return null;
    }
}
