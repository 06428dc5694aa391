using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.IO;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void WriteReplacesTheFileOnlyWhenTheWriterSucceeds()
    {
        using var temp = new TempFolder();
        string path = temp.File("out.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));

        Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9]);
            throw new InvalidOperationException("interrupted");
        }));

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path), "a failed write must keep the old file");
        Assert.AreEqual(1, Directory.GetFiles(temp.Path).Length, "no temporary file may be left behind");
    }
}
