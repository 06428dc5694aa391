using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary>Runs the built <c>dbeta bench</c> as a user would.</summary>
[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    public void PrintsMatMulRateFlopsRooflineAchievedRateAndMemory()
    {
        var (code, output, error) = DBetaCli.Run("bench", "--model", TinyModels.EcgModel, "--count", "4", "--threads", "1", "--matmul-seconds", "0.05");
        Assert.AreEqual(0, code, error);
        foreach (string line in new[] { "MatMul:", "GFLOP/s", "model FLOPs:", "0.12 GFLOP per 12 x 5000 ECG", "roofline:", "achieved:", "ECG/s median through the ML.NET pipeline", "vs roofline:", "peak (VmHWM)" })
            StringAssert.Contains(output, line);
    }

    [TestMethod]
    public void RejectsModelWithRandomModelOptions()
    {
        var (code, _, error) = DBetaCli.Run("bench", "--model", TinyModels.EcgModel, "--int8");
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(error, "do not go with --model");
    }
}
