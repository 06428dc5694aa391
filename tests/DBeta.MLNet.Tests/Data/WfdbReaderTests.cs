using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

/// <summary>
/// Sample decoding against wfdb-python's physical values for the shared PhysioNet records, every sample at
/// <see cref="MillivoltComparison.Tolerance"/> (float32 precision: an off-by-one baseline is hundreds of times that).
/// </summary>
[TestClass]
public sealed class WfdbReaderTests
{
    [TestMethod]
    [DataRow("s0010_re", "s0010_re.physical.npy")] // format 16, two files (.dat, .xyz)
    [DataRow("100", "100.first36000.physical.npy")] // format 212, non-zero baselines
    [DataRow("test01_00s", "test01_00s.physical.npy")] // format 16, names with spaces
    public void MatchesWfdbPythonAtFloat32Precision(string record, string reference)
    {
        var header = WfdbHeader.Read(RepoPaths.SharedData("wfdb", record + ".hea"));
        float[] expected;
        int frames, signals;
        using (var npy = NpyReader.Open(RepoPaths.SharedData("wfdb", reference)))
        {
            expected = npy.ReadAll(); // [frames, signals]
            frames = (int)npy.Shape[0];
            signals = (int)npy.Shape[1];
        }
        Assert.AreEqual(header.Signals.Count, signals);
        int[] rows = [.. Enumerable.Range(0, signals)];
        double[] scale = [.. Enumerable.Repeat(1.0, signals)];
        WfdbReader.Check(header, rows, frames);
        var actual = new float[signals * frames];
        WfdbReader.ReadPhysical(header, frames, rows, scale, actual);
        double worst = MillivoltComparison.AssertWithinTolerance(record, signals, frames,
            (s, t) => expected[t * signals + s], (s, t) => actual[s * frames + t], s => header.Signals[s].Description);
        Console.WriteLine($"{record}: worst error {worst:E2} over {signals} x {frames} samples");
    }
}
