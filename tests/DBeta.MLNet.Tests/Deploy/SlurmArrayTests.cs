using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;

namespace DBeta.MLNet.Tests.Deploy;

/// <summary>
/// <c>deploy/slurm/embed-array.sbatch</c>, unchanged, on a real one-node Slurm cluster: a 4-task array over four CODE
/// files with the tiny model, one task requeued while it runs, another killed (SIGKILL) and the array resubmitted, the
/// merge as an <c>afterok</c> job; the merged embeddings equal one process's bit for bit, every record once.
/// Run alone with <c>dotnet test -- --filter TestCategory=Slurm</c>.
/// </summary>
[TestClass]
[TestCategory("Slurm")]
public sealed class SlurmArrayTests
{
    private const int RecordsPerFile = 320;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(150);

    [TestMethod]
    public void ArrayWithARequeueAndAKillMergesToOneProcessBitForBit()
    {
        if (OperatingSystem.IsLinux()) RunOnLinux();
        else Assert.Inconclusive("Slurm runs on Linux");
    }

    [SupportedOSPlatform("linux")]
    private static void RunOnLinux()
    {
        using var cluster = SlurmCluster.Start();
        string data = Path.Combine(cluster.Folder, "data"), parts = Path.Combine(data, "parts");
        Directory.CreateDirectory(Path.Combine(data, "models"));
        Directory.CreateDirectory(Path.Combine(data, "input"));
        File.Copy(TinyModels.EcgModel, Path.Combine(data, "models", "dbeta-ecg.onnx"));
        var ml = new MLContext();
        for (int f = 0; f < 4; f++)
            ml.Data.SaveSyntheticEcgsAsCode(new SyntheticEcgOptions { Count = RecordsPerFile, Seed = 100 + f },
                Path.Combine(data, "input", $"exams_{f}.h5"), Path.Combine(data, $"labels_{f}.csv"));
        string dbeta = Path.Combine(cluster.Folder, "dbeta.sh");
        File.WriteAllText(dbeta, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "dbeta.dll")}' \"$@\"\n");
        File.SetUnixFileMode(dbeta, (UnixFileMode)0b111_101_101);
        string script = Path.Combine(RepoPaths.Root, "deploy", "slurm", "embed-array.sbatch");
        // The script is submitted as it is; the command line only fits its resources to this machine.
        string[] array = ["--array=0-3", "--cpus-per-task=1", "--mem=500M", $"--chdir={cluster.Folder}", $"--export=ALL,DBETA_DATA={data},DBETA={dbeta}", script];

        string first = cluster.Submit(array);
        var requeued = new EmbeddingPartNames(parts, new ShardSpec(1, 4));
        var killed = new EmbeddingPartNames(parts, new ShardSpec(2, 4));
        SlurmCluster.WaitUntil(() => requeued.Segments().Length > 0, JobTimeout, () => "task 1 wrote no checkpoint; " + cluster.Log("slurmctld.log"));
        Assert.IsFalse(File.Exists(requeued.Manifest), "task 1 finished before the requeue; it must land mid-way");
        var (code, _, error) = cluster.Run("scontrol", "requeue", $"{first}_1");
        Assert.AreEqual(0, code, "scontrol requeue: " + error);
        // A requeued job waits, pending, for a begin time Slurm sets in the future; let it start at once.
        SlurmCluster.WaitUntil(() => cluster.States(first).GetValueOrDefault("1") == "PENDING", JobTimeout, "task 1 did not go back to pending");
        (code, _, error) = cluster.Run("scontrol", "update", $"JobId={first}_1", "StartTime=now");
        Assert.AreEqual(0, code, "scontrol update StartTime: " + error);
        SlurmCluster.WaitUntil(() => killed.Segments().Length > 0, JobTimeout, () => "task 2 wrote no checkpoint; " + cluster.Log("slurmctld.log"));
        Assert.IsFalse(File.Exists(killed.Manifest), "task 2 finished before the kill; it must land mid-way");
        // SIGKILL to the step's task itself (step 0 of the array task): no handler runs, nothing is flushed.
        (code, _, error) = cluster.Run("scancel", "--signal=KILL", $"{first}_2.0");
        Assert.AreEqual(0, code, "scancel: " + error);

        var states = cluster.WaitForEnd(first, JobTimeout);
        Assert.AreEqual("COMPLETED", states["1"], "the requeued task ran again to the end");
        Assert.AreNotEqual("COMPLETED", states["2"], "the killed task did not finish");
        Assert.IsFalse(File.Exists(killed.Manifest));
        int checkpointed = killed.Segments().Length;

        // Resubmitting the whole array is the documented recovery: finished parts are skipped, the killed one resumes.
        string second = cluster.Submit(array);
        string merge = cluster.Submit($"--dependency=afterok:{second}", $"--chdir={cluster.Folder}", "--output=merge-%j.out",
            $"--export=ALL,DBETA_DATA={data}", "--wrap", $"{dbeta} merge --parts {parts} --out {data}/embeddings.parquet");
        Assert.IsTrue(cluster.WaitForEnd(second, JobTimeout).Values.All(s => s == "COMPLETED"), "the resubmitted array completed");
        Assert.AreEqual("COMPLETED", cluster.WaitForEnd(merge, JobTimeout).Values.Single(), File.ReadAllText(Path.Combine(cluster.Folder, $"merge-{merge}.out")));

        string resumed = File.ReadAllText(Path.Combine(cluster.Folder, $"dbeta-embed-{second}_2.out"));
        var resume = Regex.Match(resumed, @"resuming at record (\d+) of (\d+)");
        Assert.IsTrue(resume.Success, "the killed task resumed from its checkpoint:\n" + resumed);
        int resumedAt = int.Parse(resume.Groups[1].Value), shardRows = int.Parse(resume.Groups[2].Value);
        Assert.IsGreaterThan(0, resumedAt, $"rows before the kill were checkpointed ({checkpointed} segments kept):\n{resumed}");
        StringAssert.Contains(resumed, $"{shardRows - resumedAt} records embedded here", "rows before the kill were not embedded again");
        StringAssert.Contains(File.ReadAllText(Path.Combine(cluster.Folder, $"dbeta-embed-{first}_1.out")), "resuming at record", "the requeued task resumed too");
        foreach (int task in new[] { 0, 1, 3 })
            StringAssert.Contains(File.ReadAllText(Path.Combine(cluster.Folder, $"dbeta-embed-{second}_{task}.out")), "already finished", $"task {task}");

        string single = Path.Combine(cluster.Folder, "single.parquet");
        var (exit, _, fault) = DBetaCli.Run("embed", "--model", Path.Combine(data, "models", "dbeta-ecg.onnx"), "--input", Path.Combine(data, "input", "*.h5"), "--out", single);
        Assert.AreEqual(0, exit, fault);
        EmbeddingParquetRows.AssertSame(single, Path.Combine(data, "embeddings.parquet"), 4 * RecordsPerFile);
    }
}
