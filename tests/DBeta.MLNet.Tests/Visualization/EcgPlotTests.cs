using System.Buffers.Binary;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Visualization;

[TestClass]
public sealed class EcgPlotTests
{
    [TestMethod]
    public void SavesACrispTwelveLeadPng()
    {
        using var temp = new TempFolder();
        string path = temp.File("ecg.png");
        var ecg = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 1, Seed = 4, Prevalence = SyntheticEcgPrevalence.Parse("RBBB=1,LBBB=0") }).Generate(0);
        EcgPlot.Save(ecg.Record, path, new EcgPlotOptions { Subtitle = ecg.Labels.ToString() });

        byte[] png = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        int width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        Assert.AreEqual(2000, width);
        // 25 mm/s by 10 mm/mV: 10.75 s of paper and margins over 14 mV of rows plus 3.2 mV of title and footer.
        Assert.AreEqual((int)Math.Round(2000.0 * (17.2 * 10) / (10.76 * 25)), height, 2);
        Assert.IsTrue(png.Length > 150_000, $"a 12-lead plot on grid paper is not {png.Length} bytes");
        Assert.AreEqual(1, Directory.GetFiles(temp.Path).Length, "no temporary file may remain");
    }

    [TestMethod]
    public void FlatAndBusyRecordsGiveDifferentPictures()
    {
        var flat = new EcgRecord("flat", 400, new float[12 * 4096]);
        var busy = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 1 }).Generate(0).Record;
        var options = new EcgPlotOptions { Width = 800, Title = "same title" };
        byte[] a = EcgPlot.RenderPng(flat, options), b = EcgPlot.RenderPng(busy, options);
        Assert.IsTrue(b.Length > a.Length, "traces add detail to the picture");
    }

    [TestMethod]
    public void RejectsRecordsItCannotDraw()
    {
        var six = new EcgRecord("six", 400, new float[6 * 4096], leadCount: 6);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => EcgPlot.RenderPng(six)).Message, "6 leads");
        var record = new EcgRecord("r", 400, new float[12 * 4096]);
        Assert.ThrowsExactly<ArgumentException>(() => EcgPlot.RenderPng(record, new EcgPlotOptions { RhythmLead = 12 }));
        Assert.ThrowsExactly<ArgumentException>(() => EcgPlot.RenderPng(record, new EcgPlotOptions { Width = 10 }));
    }
}
