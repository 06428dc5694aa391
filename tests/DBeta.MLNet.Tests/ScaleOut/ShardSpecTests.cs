
namespace DBeta.MLNet.Tests.ScaleOut;

/// <summary><see cref="ShardSpec"/>: --shard i/n, the Kubernetes and Slurm variables, and the partition of the records.</summary>
[TestClass]
public sealed class ShardSpecTests
{
    [TestMethod]
    public void ShardsAreContiguousEvenAndCoverEveryRecordOnce()
    {
        foreach (int total in new[] { 0, 1, 7, 15, 345_779 })
            foreach (int n in new[] { 1, 2, 4, 18, 64 })
            {
                int next = 0;
                var sizes = new List<int>();
                for (int i = 0; i < n; i++)
                {
                    var (first, count) = new ShardSpec(i, n).RangeOf(total);
                    Assert.AreEqual(next, first, $"shard {i}/{n} of {total} starts where the previous ended");
                    next = first + count;
                    sizes.Add(count);
                }
                Assert.AreEqual(total, next, $"{n} shards of {total} cover every record");
                Assert.IsLessThanOrEqualTo(1, sizes.Max() - sizes.Min(), $"{n} shards of {total} differ in size by at most one");
            }
    }

    [TestMethod]
    public void ParsesIndexSlashCount()
    {
        var shard = ShardSpec.Parse("2/4");
        Assert.AreEqual(2, shard.Index);
        Assert.AreEqual(4, shard.Count);
        Assert.AreEqual("2/4", shard.ToString());
        foreach (string bad in new[] { "4/4", "-1/4", "1", "a/b", "1/0", "1/2/3" })
        {
            var e = Assert.ThrowsExactly<ShardSpecException>(() => ShardSpec.Parse(bad));
            StringAssert.Contains(e.Message, "--shard");
        }
    }

    [TestMethod]
    public void KubernetesIndexedJobGivesTheIndexAndTheCountComesFromOurVariable()
    {
        var env = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "3", ["DBETA_SHARD_COUNT"] = "8" };
        var shard = ShardSpec.FromEnvironment(env.GetValueOrDefault)!;
        Assert.AreEqual(new ShardSpec(3, 8), shard);
        StringAssert.Contains(shard.Origin, "JOB_COMPLETION_INDEX=3");
        Assert.AreEqual(new ShardSpec(3, 5), ShardSpec.FromEnvironment(env.GetValueOrDefault, count: 5), "--shard-count wins over the variable");

        env.Remove("DBETA_SHARD_COUNT");
        var e = Assert.ThrowsExactly<ShardSpecException>(() => ShardSpec.FromEnvironment(env.GetValueOrDefault));
        StringAssert.Contains(e.Message, "DBETA_SHARD_COUNT");
        env["JOB_COMPLETION_INDEX"] = "x";
        StringAssert.Contains(Assert.ThrowsExactly<ShardSpecException>(() => ShardSpec.FromEnvironment(env.GetValueOrDefault, 4)).Message, "JOB_COMPLETION_INDEX='x'");
    }

    [TestMethod]
    public void SlurmArrayIdsAreShiftedByTheirMinimum()
    {
        // sbatch --array=1-4 runs tasks 1..4: task 1 is shard 0.
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_MAX"] = "4", ["SLURM_ARRAY_TASK_COUNT"] = "4" };
        Assert.AreEqual(new ShardSpec(0, 4), ShardSpec.FromEnvironment(env.GetValueOrDefault));
        env["SLURM_ARRAY_TASK_ID"] = "4";
        Assert.AreEqual(new ShardSpec(3, 4), ShardSpec.FromEnvironment(env.GetValueOrDefault));

        env["SLURM_ARRAY_TASK_STEP"] = "2";
        StringAssert.Contains(Assert.ThrowsExactly<ShardSpecException>(() => ShardSpec.FromEnvironment(env.GetValueOrDefault)).Message, "skips task ids");
        env.Remove("SLURM_ARRAY_TASK_STEP");
        env["SLURM_ARRAY_TASK_MAX"] = "7"; // --array=1,3,5,7: 4 tasks spread over 1..7
        StringAssert.Contains(Assert.ThrowsExactly<ShardSpecException>(() => ShardSpec.FromEnvironment(env.GetValueOrDefault)).Message, "skips task ids");
    }

    [TestMethod]
    public void NoSchedulerMeansNoShard() =>
        Assert.IsNull(ShardSpec.FromEnvironment(_ => null));
}
