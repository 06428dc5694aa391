using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Deploy;

/// <summary>
/// The Kubernetes Indexed Job and the Slurm array script in <c>deploy/</c>: the fields and variables the
/// <c>dbeta embed</c> workers rely on. (No cluster runs here; the worker tests run these command lines locally.)
/// </summary>
[TestClass]
public sealed class DeploymentFilesTests
{
    [TestMethod]
    public void KubernetesJobsAreIndexedAndTellWorkersTheShardCount()
    {
        var jobs = DeployFiles.KubernetesJobs();
        Assert.HasCount(2, jobs, "the CPU Job and its GPU variant");
        foreach (var job in jobs)
        {
            string name = DeployFiles.Scalar(job, "metadata", "name");
            Assert.AreEqual("batch/v1", DeployFiles.Scalar(job, "apiVersion"), name);
            Assert.AreEqual("Job", DeployFiles.Scalar(job, "kind"), name);
            Assert.AreEqual("Indexed", DeployFiles.Scalar(job, "spec", "completionMode"), $"{name}: JOB_COMPLETION_INDEX exists only in Indexed Jobs");
            int completions = int.Parse(DeployFiles.Scalar(job, "spec", "completions"));
            Assert.IsLessThanOrEqualTo(completions, int.Parse(DeployFiles.Scalar(job, "spec", "parallelism")), name);
            Assert.IsGreaterThanOrEqualTo(1, int.Parse(DeployFiles.Scalar(job, "spec", "backoffLimitPerIndex")), name);
            Assert.AreEqual("Never", DeployFiles.Scalar(job, "spec", "template", "spec", "restartPolicy"), $"{name}: backoffLimitPerIndex needs restartPolicy Never");
            Assert.AreEqual("Failed", DeployFiles.Scalar(job, "spec", "podReplacementPolicy"), $"{name}: one pod per shard at a time");
            Assert.AreEqual(completions.ToString(), DeployFiles.Env(job)[ShardSpec.ShardCountVariable], $"{name}: {ShardSpec.ShardCountVariable} must equal completions");

            string[] args = DeployFiles.Args(job);
            Assert.AreEqual("embed", args[0], name);
            foreach (string option in new[] { "--model", "--input", "--parts" }) CollectionAssert.Contains(args, option, name);
            CollectionAssert.DoesNotContain(args, "--shard", $"{name}: the shard comes from the environment");
            var mounts = ((YamlSequenceNode)DeployFiles.At(DeployFiles.Container(job), "volumeMounts")).Children
                .Select(m => DeployFiles.Scalar(m, "mountPath")).ToList();
            foreach (string option in new[] { "--model", "--input", "--parts" })
            {
                string path = args[Array.IndexOf(args, option) + 1];
                Assert.IsTrue(mounts.Any(m => path.StartsWith(m + "/")), $"{name}: {option} {path} lies on a mounted volume");
            }
            var volume = ((YamlSequenceNode)DeployFiles.At(job, "spec", "template", "spec", "volumes")).Children[0];
            Assert.IsFalse(string.IsNullOrEmpty(DeployFiles.Scalar(volume, "persistentVolumeClaim", "claimName")), name);
            DeployFiles.Scalar(DeployFiles.Container(job), "resources", "requests", "cpu");
            DeployFiles.Scalar(DeployFiles.Container(job), "resources", "requests", "memory");
            Assert.AreEqual("true", DeployFiles.Scalar(job, "spec", "template", "spec", "securityContext", "runAsNonRoot"), name);
        }
        var gpu = jobs.Single(j => DeployFiles.Scalar(j, "metadata", "name").EndsWith("-gpu"));
        Assert.AreEqual("1", DeployFiles.Scalar(DeployFiles.Container(gpu), "resources", "limits", "nvidia.com/gpu"));
        CollectionAssert.Contains(DeployFiles.Args(gpu), "--gpu");
    }

    [TestMethod]
    public void SlurmScriptIsAContiguousArrayRunningTheWorker()
    {
        string script = File.ReadAllText(DeployFiles.SlurmScriptPath);
        StringAssert.StartsWith(script, "#!/bin/bash\n");
        var directives = Regex.Matches(script, @"^#SBATCH\s+(--[a-z-]+)(?:=(\S+))?", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var array = Regex.Match(directives["--array"], @"^(\d+)-(\d+)$");
        Assert.IsTrue(array.Success, $"--array={directives["--array"]} must be a contiguous range (step 1) so task ids map to shards");
        Assert.IsTrue(directives.ContainsKey("--requeue"), "preempted tasks are requeued and resume");
        Assert.IsTrue(directives.ContainsKey("--cpus-per-task"));

        // The worker line: 'srun ... embed' with its continuation lines.
        string command = Regex.Match(script, @"^srun .*?(?<!\\)\n", RegexOptions.Multiline | RegexOptions.Singleline).Value.Replace("\\\n", " ");
        StringAssert.Contains(command, " embed ");
        foreach (string option in new[] { "--model", "--input", "--parts" }) StringAssert.Contains(command, option);
        Assert.DoesNotContain("--shard", command, "the shard comes from SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT");
        StringAssert.Matches(command, new Regex("--input \"[^\"]*\\*[^\"]*\""), "the glob is quoted so dbeta expands it");
        StringAssert.Contains(script, "dbeta merge --parts");

        var bash = new ProcessStartInfo("bash", ["-n", DeployFiles.SlurmScriptPath]) { RedirectStandardError = true };
        using var check = Process.Start(bash)!;
        string error = check.StandardError.ReadToEnd();
        check.WaitForExit();
        Assert.AreEqual(0, check.ExitCode, $"bash -n: {error}");
    }

    [TestMethod]
    public void DockerfileBuildsTheCliAndRunsItAsNonRoot()
    {
        string dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "Dockerfile"));
        var stages = Regex.Matches(dockerfile, @"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", RegexOptions.Multiline);
        Assert.HasCount(2, stages, "build and runtime stages");
        StringAssert.Contains(stages[0].Groups[1].Value, "dotnet/sdk");
        StringAssert.Matches(dockerfile, new Regex(@"^USER\s+1654", RegexOptions.Multiline));
        StringAssert.Contains(dockerfile, "ENTRYPOINT [\"dotnet\", \"/app/dbeta.dll\"]");
        StringAssert.Contains(dockerfile, "src/DBeta.Cli/DBeta.Cli.csproj");
    }
}
