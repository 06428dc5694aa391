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
        // Every lead of the 3 x 4 grid and the rhythm strip under it carries a trace: dark pixels spread over the
        // height of a QRS complex (10 mm/mV at 2000 px for about 270 mm of paper is 7.4 px per mm).
        var pixels = PngPixels.Decode(png);
        int top = (int)(0.09 * pixels.Height), band = (int)(0.205 * pixels.Height);
        for (int row = 0; row < 4; row++)
            for (int column = 0; column < 4; column++)
            {
                int x0 = 60 + column * 480, y0 = top + row * band;
                int extent = DarkExtent(pixels, x0 + 40, y0, x0 + 440, y0 + band);
                Assert.IsGreaterThan(40, extent, $"row {row} column {column}: the dark pixels span {extent} px");
            }
        Assert.AreEqual(1, Directory.GetFiles(temp.Path).Length, "no temporary file may remain");
    }

    [TestMethod]
    public void FlatAndBusyRecordsGiveDifferentPictures()
    {
        var flat = new EcgRecord("flat", 400, new float[12 * 4096]);
        var busy = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 1 }).Generate(0).Record;
        var options = new EcgPlotOptions { Width = 800, Title = "same title" };
        byte[] a = EcgPlot.RenderPng(flat, options), b = EcgPlot.RenderPng(busy, options);
        var flatPixels = PngPixels.Decode(a);
        var busyPixels = PngPixels.Decode(b);
        int flatDark = flatPixels.Count(0, 0, flatPixels.Width, flatPixels.Height, PngPixels.Dark);
        int busyDark = busyPixels.Count(0, 0, busyPixels.Width, busyPixels.Height, PngPixels.Dark);
        Assert.IsGreaterThan(flatDark * 3 / 2, busyDark, $"a flat record gives {flatDark} dark pixels, a real one {busyDark}");
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

    // Rows between the highest and the lowest dark pixel in the rectangle.
    private static int DarkExtent(PngPixels png, int x0, int y0, int x1, int y1)
    {
        int first = -1, last = -1;
        for (int y = y0; y < Math.Min(y1, png.Height); y++)
            if (png.Count(x0, y, x1, y + 1, PngPixels.Dark) > 0)
            {
                if (first < 0) first = y;
                last = y;
            }
        return first < 0 ? 0 : last - first + 1;
    }
}
