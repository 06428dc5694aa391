using System.Diagnostics;
using System.Text;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>A <c>dbeta</c> process started in the background with its own environment, as a batch scheduler starts a worker.</summary>
internal sealed class DBetaWorker : IDisposable
{
    private static readonly string[] SchedulerVariables = ["JOB_COMPLETION_INDEX", "DBETA_SHARD_COUNT"];
    private readonly StringBuilder _output = new();

    public DBetaWorker(IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dbeta.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        // Only the variables the test gives: none leaks in from a CI runner that is itself a Slurm or Kubernetes job.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("SLURM_", StringComparison.Ordinal) || SchedulerVariables.Contains(k)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        Process = Process.Start(start)!;
        Process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        Process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Waits for the exit and returns the exit code.</summary>
    public int Wait(int timeoutMs = 120_000)
    {
        Assert.IsTrue(Process.WaitForExit(timeoutMs), $"dbeta did not finish in {timeoutMs / 1000} s:\n{Output}");
        Process.WaitForExit();
        return Process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL), as a preempted node or an OOM kill would.</summary>
    public void KillHard()
    {
        Process.Kill(entireProcessTree: true);
        Process.WaitForExit();
    }

    public void Dispose()
    {
        if (!Process.HasExited) KillHard();
        Process.Dispose();
    }
}
