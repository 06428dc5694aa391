using System.Diagnostics;
using System.Globalization;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// Runs a .NET program in its own process and follows its peak resident memory (Linux <c>VmHWM</c> in
/// <c>/proc/PID/status</c>, read every few milliseconds while it runs): the whole process's figure, as a batch job sees it.
/// </summary>
internal static class ChildProcessPeak
{
    /// <summary>Runs <c>dotnet <paramref name="dll"/> <paramref name="args"/></c>; returns its peak resident bytes (0 where the kernel does not report it).</summary>
    /// <exception cref="InvalidOperationException">The program failed.</exception>
    public static long Run(string dll, params string[] args)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll}: not found; build the solution first", dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        string status = $"/proc/{process.Id}/status";
        long peak = 0;
        // The high-water mark only grows, so the last reading before the exit is the peak (less at most one interval's growth).
        while (!process.WaitForExit(5))
            peak = Math.Max(peak, HighWaterMark(status));
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {dll} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return peak;
    }

    private static long HighWaterMark(string status)
    {
        try
        {
            foreach (string line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && long.TryParse(line[6..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kib))
                    return kib * 1024;
        }
        catch (IOException) { } // the process ended between two readings
        return 0;
    }
}
