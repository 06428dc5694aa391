using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.ScaleOut;

/// <summary>
/// <c>dbeta embed --parts</c> workers run as separate processes with the environment Kubernetes Indexed Jobs and Slurm
/// arrays give them, one killed hard mid-way (SIGKILL, once its first checkpoint segment is on disk) and restarted,
/// then <c>dbeta merge</c>: the merged embeddings must equal a single-process run bit for bit.
/// </summary>
[TestClass]
public sealed class ShardedEmbeddingTests
{
    private const int Workers = 4;
    private const int Victim = 2;
    // Four .npy inputs whose boundaries do not line up with the shards (240 records, 60 per shard: 30 checkpoints of 2).
    private static readonly int[] FileSizes = [37, 83, 56, 64];
    private static readonly Lazy<TestInputs> Inputs = new(CreateInputs);

    private sealed record TestInputs(string Folder, string Glob, string Reference);

    [ClassCleanup]
    public static void DeleteInputs()
    {
        if (Inputs.IsValueCreated) try { Directory.Delete(Inputs.Value.Folder, recursive: true); } catch (IOException) { }
    }

    [TestMethod]
    public void KubernetesIndexedJobWorkersKilledRestartedAndMergedEqualOneProcess()
    {
        // The container args of deploy/kubernetes/embed-job.yaml, with its volume paths mapped to this test's files.
        var job = DeployFiles.KubernetesJobs()[0];
        string countVariable = DeployFiles.Env(job).Keys.Single();
        RunKilledAndRestarted(parts => MapManifestArgs(DeployFiles.Args(job), parts),
            index => new Dictionary<string, string> { [ShardSpec.KubernetesIndexVariable] = index.ToString(), [countVariable] = Workers.ToString() });
    }

    [TestMethod]
    public void SlurmArrayWorkersKilledRestartedAndMergedEqualOneProcess()
    {
        // sbatch --array=1-4: task ids 1..4, so task 3 is shard 2.
        RunKilledAndRestarted(parts => ["embed", "--model", TinyModels.EcgModel, "--input", Inputs.Value.Glob, "--rate", "25", "--layout", "LeadMajor",
                "--parts", parts, "--threads", "1", "--batch-size", "2", "--checkpoint-every", "1"],
            index => new Dictionary<string, string>
            {
                ["SLURM_JOB_ID"] = (4243 + index).ToString(),
                ["SLURM_ARRAY_JOB_ID"] = "4242",
                ["SLURM_ARRAY_TASK_ID"] = (index + 1).ToString(),
                ["SLURM_ARRAY_TASK_MIN"] = "1",
                ["SLURM_ARRAY_TASK_MAX"] = Workers.ToString(),
                ["SLURM_ARRAY_TASK_COUNT"] = Workers.ToString(),
            });
    }

    [TestMethod]
    public void SigtermLeavesNoOutputAndTheSameCommandFinishesIt()
    {
        using var temp = new TempFolder();
        string output = temp.File("emb.parquet");
        string[] args = ["embed", "--model", TinyModels.EcgModel, "--input", Inputs.Value.Glob, "--rate", "25", "--layout", "LeadMajor",
            "--out", output, "--threads", "1", "--batch-size", "2", "--checkpoint-every", "1"];
        var names = new EmbeddingPartNames(EcgShardEmbedder.CheckpointFolderFor(output), ShardSpec.Single);
        using (var worker = new DBetaWorker(new Dictionary<string, string>(), args))
        {
            WaitForFirstSegment(worker, names);
            // SIGTERM, as Kubernetes sends on eviction and Slurm on preemption.
            using (var kill = Process.Start("kill", ["-TERM", worker.Process.Id.ToString()])) kill.WaitForExit();
            Assert.AreEqual(130, worker.Wait(), worker.Output);
            StringAssert.Contains(worker.Output, "cancelled: no partial output was written");
        }
        Assert.IsEmpty(Directory.GetFiles(temp.Path), "no output and no temporary file");
        Assert.IsNotEmpty(names.Segments(), "the rows done are checkpointed");

        var (code, text, error) = DBetaCli.Run(args);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(text, "resuming at record");
        EmbeddingParquetRows.AssertSame(Inputs.Value.Reference, output, FileSizes.Sum());
        Assert.IsFalse(Directory.Exists(names.Folder), "the checkpoint is removed once the output is written");
    }

    [TestMethod]
    public void SecondSigtermDuringEmbedEndsTheProcessAtOnce()
    {
        // The documented behaviour: the first signal cancels, a second one is not taken and ends the process (an embed
        // that registered a handler of its own once took every signal, so the second was swallowed and it exited 130).
        using var temp = new TempFolder();
        string output = temp.File("emb.parquet");
        string[] args = ["embed", "--model", TinyModels.EcgModel, "--input", Inputs.Value.Glob, "--rate", "25", "--layout", "LeadMajor",
            "--out", output, "--threads", "1", "--batch-size", "2", "--checkpoint-every", "1"];
        var names = new EmbeddingPartNames(EcgShardEmbedder.CheckpointFolderFor(output), ShardSpec.Single);
        using var worker = new DBetaWorker(new Dictionary<string, string>(), args);
        WaitForFirstSegment(worker, names);
        // Two real SIGTERMs a few milliseconds apart: far enough not to merge into one pending signal, close enough to land
        // while the first one's cancellation is still finishing the current step.
        Assert.AreEqual(0, SendSignal(worker.Process.Id, Sigterm));
        Thread.Sleep(3);
        Assert.AreEqual(0, SendSignal(worker.Process.Id, Sigterm));
        int code = worker.Wait();
        Assert.AreNotEqual(130, code, $"the second SIGTERM was swallowed: the process finished its orderly cancellation\n{worker.Output}");
        Assert.AreNotEqual(0, code, worker.Output);
    }

    /// <summary>Waits until <paramref name="worker"/> has checkpointed its first rows, so a signal lands mid-run.</summary>
    private static void WaitForFirstSegment(DBetaWorker worker, EmbeddingPartNames names)
    {
        var clock = Stopwatch.StartNew();
        while (names.Segments().Length == 0)
        {
            Assert.IsFalse(worker.Process.HasExited, worker.Output);
            Assert.IsLessThan(90, clock.Elapsed.TotalSeconds, "no checkpoint segment appeared in 90 s");
            Thread.Sleep(1);
        }
    }

    private const int Sigterm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static void RunKilledAndRestarted(Func<string, string[]> args, Func<int, Dictionary<string, string>> environment)
    {
        using var temp = new TempFolder();
        string parts = temp.File("parts");
        var names = new EmbeddingPartNames(parts, new ShardSpec(Victim, Workers));
        var workers = Enumerable.Range(0, Workers).Select(i => new DBetaWorker(environment(i), args(parts))).ToList();
        try
        {
            var victim = workers[Victim];
            var clock = Stopwatch.StartNew();
            while (names.Segments().Length == 0)
            {
                Assert.IsFalse(victim.Process.HasExited, $"worker {Victim} ended before its first checkpoint:\n{victim.Output}");
                Assert.IsLessThan(90, clock.Elapsed.TotalSeconds, "no checkpoint segment appeared in 90 s");
                Thread.Sleep(1);
            }
            victim.KillHard();
            Assert.IsFalse(File.Exists(names.Manifest), $"the kill came after the part was finished; it must land mid-way:\n{victim.Output}");
            Assert.IsNotEmpty(names.Segments());

            for (int i = 0; i < Workers; i++)
                if (i != Victim) Assert.AreEqual(0, workers[i].Wait(), workers[i].Output);

            using var restarted = new DBetaWorker(environment(Victim), args(parts));
            Assert.AreEqual(0, restarted.Wait(), restarted.Output);
            StringAssert.Contains(restarted.Output, $"shard {Victim}/{Workers}");
            StringAssert.Contains(restarted.Output, "resuming at record");
            Assert.IsFalse(Directory.Exists(names.WorkFolder), "the checkpoint segments are removed once the part is written");
            Assert.IsFalse(File.Exists(names.Lock));
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }

        var (code, output, error) = DBetaCli.Run("merge", "--parts", parts, "--out", temp.File("merged.parquet"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, $"merged {Workers} parts: {FileSizes.Sum()} embeddings");
        EmbeddingParquetRows.AssertSame(Inputs.Value.Reference, temp.File("merged.parquet"), FileSizes.Sum());
    }

    /// <summary>The manifest's args with /data paths replaced, the .npy input options added and the sizes made small.</summary>
    private static string[] MapManifestArgs(string[] manifestArgs, string parts)
    {
        var args = manifestArgs.ToList();
        void Set(string option, string value) => args[args.IndexOf(option) + 1] = value;
        Set("--model", TinyModels.EcgModel);
        Set("--input", Inputs.Value.Glob);
        Set("--parts", parts);
        Set("--threads", "1");
        Set("--batch-size", "2");
        Set("--checkpoint-every", "1");
        args.AddRange(["--rate", "25", "--layout", "LeadMajor"]);
        return [.. args];
    }

    private static TestInputs CreateInputs()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dbeta-tests", "sharded-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        var random = new Random(2025);
        const int samples = 250; // 10 s at 25 Hz: small files, resampled to 500 Hz x 5000 like any input
        for (int f = 0; f < FileSizes.Length; f++)
        {
            var data = new float[FileSizes[f] * 12 * samples];
            for (int i = 0; i < data.Length; i++) data[i] = (float)(Math.Sin(i * 0.37) * 0.5 + random.NextDouble() * 0.2 - 0.1);
            NpyWriter.Write(Path.Combine(folder, $"ecg_{(char)('a' + f)}.npy"), data, FileSizes[f], 12, samples);
        }
        string glob = Path.Combine(folder, "ecg_*.npy");
        string reference = Path.Combine(folder, "single.parquet");
        var (code, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", glob, "--rate", "25", "--layout", "LeadMajor",
            "--out", reference, "--threads", "1", "--batch-size", "4");
        Assert.AreEqual(0, code, error);
        return new TestInputs(folder, glob, reference);
    }
}
