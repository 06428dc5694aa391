using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.IO;

[TestClass]
public sealed class NpyWriterTests
{
    private static string Npy(string name) => RepoPaths.Fixture("data", "npy", name);

    [TestMethod]
    [DataRow("np_save_2x3.npy")]
    [DataRow("np_save_1d.npy")]
    [DataRow("np_save_3x12x7.npy")]
    [DataRow("np_save_0x768.npy")]
    public void WritesTheBytesNumpySaveWrites(string file)
    {
        using var temp = new TempFolder();
        float[] data;
        long[] shape;
        using (var reader = NpyReader.Open(Npy(file)))
        {
            data = reader.ReadAll();
            shape = [.. reader.Shape];
        }
        string output = temp.File("out.npy");
        NpyWriter.Write(output, data, shape);
        CollectionAssert.AreEqual(File.ReadAllBytes(Npy(file)), File.ReadAllBytes(output));
    }

    [TestMethod]
    public void RejectsAShapeThatDoesNotMatchTheData()
    {
        using var temp = new TempFolder();
        var e = Assert.ThrowsExactly<ArgumentException>(() => NpyWriter.Write(temp.File("x.npy"), new float[5], 2, 3));
        StringAssert.Contains(e.Message, "holds 6 elements but 5 were given");
        Assert.AreEqual(0, Directory.GetFiles(temp.Path).Length);
    }
}
