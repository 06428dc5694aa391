using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary><c>dbeta synth</c> and <c>dbeta plot</c>, run as a user would.</summary>
[TestClass]
public sealed class SynthAndPlotCommandTests
{
    [TestMethod]
    public void SynthWritesTheGeneratorsRecordsAndLabelsThatPlotCanDraw()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("synth", "--count", "6", "--seed", "5", "--rate", "400", "--out", temp.File("s.h5"), "--labels", temp.File("s.csv"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "Wrote 6 records");

        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 6, Seed = 5, SampleRate = 400 });
        using var source = new Hdf5EcgSource(temp.File("s.h5"));
        var labels = File.ReadAllLines(temp.File("s.csv"));
        Assert.AreEqual("1dAVb,RBBB,LBBB,SB,AF,ST", labels[0]);
        for (int i = 0; i < 6; i++)
        {
            var expected = generator.Generate(i);
            CollectionAssert.AreEqual(expected.Record.Samples, source.Read(i).Samples, $"record {i}");
            Assert.AreEqual(string.Join(',', expected.Labels.ToCodeOrder().Select(b => b ? 1 : 0)), labels[i + 1]);
        }

        (code, output, error) = DBetaCli.Run("plot", "--input", temp.File("s.h5"), "--index", "2", "--out", temp.File("p.png"));
        Assert.AreEqual(0, code, error);
        byte[] png = File.ReadAllBytes(temp.File("p.png"));
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.IsGreaterThan(50_000, png.Length, "a 12-lead printout is not a blank image");
    }

    [TestMethod]
    public void PlotNamesAnIndexOutOfRangeAndWritesNothing()
    {
        using var temp = new TempFolder();
        var (code, _, error) = DBetaCli.Run("plot", "--input", RepoPaths.Fixture("data", "hdf5", "code_chunked.h5"), "--index", "9", "--out", temp.File("p.png"));
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "code_chunked.h5: --index 9 is out of range: the file holds 5 records");
        Assert.IsEmpty(Directory.GetFiles(temp.Path));
    }
}
