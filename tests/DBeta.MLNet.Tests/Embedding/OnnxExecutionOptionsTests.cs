namespace DBeta.MLNet.Tests.Embedding;

/// <summary>The encoder sessions' thread count: what the user set, or the processors this process may use.</summary>
[TestClass]
public sealed class OnnxExecutionOptionsTests
{
    [TestMethod]
    public void ZeroThreadsMeansTheProcessorCount()
    {
        using var session = OnnxEncoderSession.BaseOptions(new OnnxExecutionOptions(), cpu: true);
        Assert.AreEqual(Environment.ProcessorCount, session.IntraOpNumThreads,
            "ONNX Runtime's own default (0: one per physical core) used one thread on a 2-vCPU machine");
    }

    [TestMethod]
    public void AnExplicitCountIsKept()
    {
        using var session = OnnxEncoderSession.BaseOptions(new OnnxExecutionOptions { IntraOpThreads = 3 }, cpu: true);
        Assert.AreEqual(3, session.IntraOpNumThreads);
    }

    [TestMethod]
    public void ANegativeCountIsRefusedByName()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => OnnxEncoderSession.BaseOptions(new OnnxExecutionOptions { IntraOpThreads = -1 }, cpu: true));
        Assert.AreEqual("IntraOpThreads", e.ParamName);
    }
}
