using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>
/// A one-node Slurm cluster of its own for a test: Debian's <c>slurm-wlm</c> and <c>munge</c> (installed with apt
/// when missing), a temporary configuration with its own state and spool folders, log files, free ports and its own
/// munge socket and key, so it never touches a cluster the machine may run. Daemons are stopped by their pids.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SlurmCluster : IDisposable
{
    private readonly List<Process> _daemons = [];

    private SlurmCluster(string folder) => Folder = folder;

    /// <summary>The cluster's temporary folder (configuration, state, logs); jobs may write below it.</summary>
    public string Folder { get; }

    public string ConfigPath => Path.Combine(Folder, "slurm.conf");

    /// <summary>Starts the cluster, or marks the test inconclusive where it cannot (not root, no packages).</summary>
    public static SlurmCluster Start()
    {
        if (Environment.UserName != "root") Assert.Inconclusive("a Slurm cluster needs root (CI runs as root)");
        EnsureInstalled();
        var folder = Directory.CreateTempSubdirectory("dbeta-slurm-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var cluster = new SlurmCluster(folder);
        try
        {
            cluster.Boot();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private void Boot()
    {
        string munge = Path.Combine(Folder, "munge"), key = Path.Combine(munge, "munge.key"), socket = Path.Combine(munge, "munge.socket");
        foreach (string sub in new[] { "state", "spool", "log", "munge" }) Directory.CreateDirectory(Path.Combine(Folder, sub));
        File.WriteAllBytes(key, RandomNumberGenerator.GetBytes(1024));
        Tool("chown", "-R", "munge:munge", munge);
        File.SetUnixFileMode(munge, (UnixFileMode)0b111_001_001); // munged wants its socket folder reachable by all
        File.SetUnixFileMode(key, UnixFileMode.UserRead);
        _daemons.Add(Daemon("runuser", "-u", "munge", "--", "/usr/sbin/munged", "--foreground", $"--key-file={key}", $"--socket={socket}",
            $"--pid-file={Path.Combine(munge, "munged.pid")}", $"--log-file={Path.Combine(munge, "munged.log")}", $"--seed-file={Path.Combine(munge, "seed")}"));
        WaitUntil(() => File.Exists(socket), TimeSpan.FromSeconds(15), "munged did not create its socket");

        string host = Tool("hostname", "-s").Trim();
        long memoryMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1048576;
        File.WriteAllText(ConfigPath, $"""
            ClusterName=dbetatest
            SlurmctldHost={host}
            SlurmUser=root
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            AuthType=auth/munge
            AuthInfo=socket={socket}
            CredType=cred/munge
            StateSaveLocation={Path.Combine(Folder, "state")}
            SlurmdSpoolDir={Path.Combine(Folder, "spool")}
            SlurmctldPidFile={Path.Combine(Folder, "slurmctld.pid")}
            SlurmdPidFile={Path.Combine(Folder, "slurmd.pid")}
            SlurmctldLogFile={Path.Combine(Folder, "log", "slurmctld.log")}
            SlurmdLogFile={Path.Combine(Folder, "log", "slurmd.log")}
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            JobAcctGatherType=jobacct_gather/none
            MpiDefault=none
            ReturnToService=2
            NodeName={host} CPUs={Environment.ProcessorCount} RealMemory={memoryMb} State=UNKNOWN
            PartitionName=dbeta Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """);
        _daemons.Add(Daemon("/usr/sbin/slurmctld", "-D", "-f", ConfigPath));
        _daemons.Add(Daemon("/usr/sbin/slurmd", "-D", "-f", ConfigPath));
        WaitUntil(() => Run("sinfo", "-h", "-o", "%T").Output.Trim() == "idle", TimeSpan.FromSeconds(30),
            "the node did not become idle; " + Log("slurmctld.log"));
    }

    /// <summary>Runs a Slurm client against this cluster.</summary>
    public (int Code, string Output, string Error) Run(string command, params string[] args) =>
        Exec(command, args, ("SLURM_CONF", ConfigPath), TimeSpan.FromSeconds(60));

    /// <summary>Submits with <c>sbatch --parsable</c> and returns the job id.</summary>
    public string Submit(params string[] args)
    {
        var (code, output, error) = Run("sbatch", ["--parsable", .. args]);
        Assert.AreEqual(0, code, $"sbatch {string.Join(' ', args)}: {error}");
        return output.Trim().Split(';')[0];
    }

    /// <summary>The state of every task of <paramref name="jobId"/> (one for a plain job), by array index or job id.</summary>
    public Dictionary<string, string> States(string jobId)
    {
        var (_, output, _) = Run("scontrol", "show", "job", "-o", jobId);
        var states = new Dictionary<string, string>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string state = Regex.Match(line, @"JobState=(\S+)").Groups[1].Value;
            var task = Regex.Match(line, @"ArrayTaskId=(\S+)");
            states[task.Success ? task.Groups[1].Value : Regex.Match(line, @"JobId=(\S+)").Groups[1].Value] = state;
        }
        return states;
    }

    /// <summary>Waits until every task of <paramref name="jobId"/> has ended; returns their states.</summary>
    public Dictionary<string, string> WaitForEnd(string jobId, TimeSpan timeout)
    {
        Dictionary<string, string> states = [];
        WaitUntil(() => (states = States(jobId)).Count > 0 && states.Values.All(s => s is "COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT" or "NODE_FAIL" or "OUT_OF_MEMORY"),
            timeout, () => $"job {jobId} did not end: {string.Join(", ", states.Select(p => $"{p.Key} {p.Value}"))}; {Log("slurmctld.log")}");
        return states;
    }

    public string Log(string name)
    {
        string path = Path.Combine(Folder, "log", name);
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(15)) : "(no log)";
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string failure) => WaitUntil(condition, timeout, () => failure);

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail(failure());
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        foreach (var daemon in Enumerable.Reverse(_daemons))
        {
            try
            {
                if (!daemon.HasExited) daemon.Kill(entireProcessTree: true);
                daemon.WaitForExit(10_000);
            }
            catch (InvalidOperationException) { }
            daemon.Dispose();
        }
        if (Environment.GetEnvironmentVariable("DBETA_KEEP_SLURM_FOLDER") == "1") return; // for a look at the jobs' output
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private Process Daemon(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["SLURM_CONF"] = ConfigPath;
        return Process.Start(start)!;
    }

    private static void EnsureInstalled()
    {
        string[] needed = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"];
        if (needed.All(File.Exists)) return;
        if (Apt("install", "-y", "slurm-wlm", "munge") != 0 && (Apt("update") != 0 || Apt("install", "-y", "slurm-wlm", "munge") != 0))
            Assert.Inconclusive("apt-get could not install slurm-wlm and munge");
        if (!needed.All(File.Exists)) Assert.Inconclusive("slurm-wlm and munge installed, but their programs are not where Debian puts them");
    }

    private static int Apt(params string[] args)
    {
        try
        {
            return Exec("apt-get", args, ("DEBIAN_FRONTEND", "noninteractive"), TimeSpan.FromMinutes(5)).Code;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or AssertFailedException)
        {
            return -1; // apt-get missing or hung: the caller marks the test inconclusive
        }
    }

    private static string Tool(string command, params string[] args)
    {
        var (code, output, error) = Exec(command, args, null, TimeSpan.FromSeconds(60));
        Assert.AreEqual(0, code, $"{command} {string.Join(' ', args)}: {error}");
        return output;
    }

    /// <summary>Runs <paramref name="command"/> to its end (or fails the test after <paramref name="timeout"/>).</summary>
    private static (int Code, string Output, string Error) Exec(string command, string[] args, (string Name, string Value)? variable, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        if (variable is var (name, value)) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(timeout), $"{command} did not finish in {timeout.TotalSeconds:0} s");
        return (process.ExitCode, output.Result, error.Result);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
