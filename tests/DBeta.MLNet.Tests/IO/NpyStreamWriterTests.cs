using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.IO;

[TestClass]
public sealed class NpyStreamWriterTests
{
    [TestMethod]
    public void RowsAppendedOneByOneGiveTheBytesNumpySaveWrites()
    {
        string reference = RepoPaths.Fixture("data", "npy", "np_save_3x12x7.npy");
        float[] data;
        using (var reader = NpyReader.Open(reference)) data = reader.ReadAll();

        using var temp = new TempFolder();
        string output = temp.File("rows.npy");
        using (var writer = new NpyStreamWriter(output, 12, 7))
        {
            for (int row = 0; row < 3; row++) writer.WriteRows(data.AsSpan(row * 84, 84));
            Assert.IsFalse(File.Exists(output), "the file must not appear before Complete");
            Assert.AreEqual(3, writer.RowCount);
            writer.Complete();
        }
        CollectionAssert.AreEqual(File.ReadAllBytes(reference), File.ReadAllBytes(output));
    }

    [TestMethod]
    public void TheFinalHeaderHoldsALargeRowCount()
    {
        using var temp = new TempFolder();
        string output = temp.File("embeddings.npy");
        var block = new float[1000 * 4];
        using (var writer = new NpyStreamWriter(output, 4))
        {
            for (int b = 0; b < 100; b++)
            {
                for (int i = 0; i < block.Length; i++) block[i] = b * 4000 + i;
                writer.WriteRows(block);
            }
            writer.Complete();
        }
        using var reader = NpyReader.Open(output);
        CollectionAssert.AreEqual(new long[] { 100_000, 4 }, reader.Shape.ToArray());
        var last = new float[4];
        reader.ReadRows(99_999, 1, last);
        CollectionAssert.AreEqual(new float[] { 399_996, 399_997, 399_998, 399_999 }, last);
    }

    [TestMethod]
    public void DisposingWithoutCompleteLeavesNothing()
    {
        using var temp = new TempFolder();
        string output = temp.File("partial.npy");
        using (var writer = new NpyStreamWriter(output, 768))
            writer.WriteRows(new float[768 * 2]);
        Assert.IsFalse(File.Exists(output));
        Assert.AreEqual(0, Directory.GetFiles(temp.Path).Length, "the temporary file must be deleted");
    }

    [TestMethod]
    public void RejectsPartialRows()
    {
        using var temp = new TempFolder();
        using var writer = new NpyStreamWriter(temp.File("x.npy"), 12, 5000);
        var e = Assert.ThrowsExactly<ArgumentException>(() => writer.WriteRows(new float[59_999]));
        StringAssert.Contains(e.Message, "not whole rows of 60000");
    }
}
