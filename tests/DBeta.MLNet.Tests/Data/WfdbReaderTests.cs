using DBeta.MLNet.Data;
using DBeta.MLNet.IO;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

/// <summary>Sample decoding against wfdb-python's physical values for the shared PhysioNet records, within one ADC step.</summary>
[TestClass]
public sealed class WfdbReaderTests
{
    [TestMethod]
    [DataRow("s0010_re", "s0010_re.physical.npy")] // format 16, two files (.dat, .xyz)
    [DataRow("100", "100.first36000.physical.npy")] // format 212, non-zero baselines
    [DataRow("test01_00s", "test01_00s.physical.npy")] // format 16, names with spaces
    public void MatchesWfdbPythonWithinOneAdcStep(string record, string reference)
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
        for (int s = 0; s < signals; s++)
        {
            double step = 1 / header.Signals[s].Gain;
            for (int t = 0; t < frames; t++)
            {
                float a = actual[s * frames + t], e = expected[t * signals + s];
                if (Math.Abs(a - e) > step)
                    Assert.Fail($"{record} signal {s} sample {t}: {a} vs wfdb-python {e} (one ADC step is {step})");
            }
        }
    }
}
