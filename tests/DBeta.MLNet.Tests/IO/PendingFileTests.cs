using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.IO;

[TestClass]
public sealed class PendingFileTests
{
    [TestMethod]
    public void TheFileAppearsOnlyOnCommitAndReplacesTheOldOne()
    {
        using var temp = new TempFolder();
        string path = temp.File("out.bin");
        File.WriteAllBytes(path, [9]);
        using (var file = new PendingFile(path))
        {
            file.Stream.Write([1, 2, 3]);
            CollectionAssert.AreEqual(new byte[] { 9 }, File.ReadAllBytes(path));
            file.Commit();
        }
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.AreEqual(1, Directory.GetFiles(temp.Path).Length);
    }

    [TestMethod]
    public void WithoutCommitTheOldFileStaysAndNoTemporaryRemains()
    {
        using var temp = new TempFolder();
        string path = temp.File("out.bin");
        File.WriteAllBytes(path, [9]);
        using (var file = new PendingFile(path)) file.Stream.Write([1, 2, 3]);
        CollectionAssert.AreEqual(new byte[] { 9 }, File.ReadAllBytes(path));
        Assert.AreEqual(1, Directory.GetFiles(temp.Path).Length);
    }
}
