using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class CodeLabelsCsvWriterTests
{
    private static readonly bool[][] Rows =
    [
        [false, false, false, false, false, false],
        [true, true, false, true, false, false],
        [false, false, false, false, true, false],
    ];

    [TestMethod]
    public void WritesCodeGoldStandardFormat()
    {
        using var temp = new TempFolder();
        string path = temp.File("gold_standard.csv");
        CodeLabelsCsvWriter.Write(path, Rows);
        Assert.AreEqual("1dAVb,RBBB,LBBB,SB,AF,ST\n0,0,0,0,0,0\n1,1,0,1,0,0\n0,0,0,0,1,0\n", File.ReadAllText(path));
        Assert.AreNotEqual(0xEF, File.ReadAllBytes(path)[0], "no byte-order mark");
    }

    [TestMethod]
    public void CanPutExamIdsFirst()
    {
        using var temp = new TempFolder();
        string path = temp.File("labels.csv");
        CodeLabelsCsvWriter.Write(path, Rows, [10, 11, 12]);
        Assert.AreEqual("exam_id,1dAVb,RBBB,LBBB,SB,AF,ST\n10,0,0,0,0,0,0\n11,1,1,0,1,0,0\n12,0,0,0,0,1,0\n", File.ReadAllText(path));
    }

    [TestMethod]
    public void RejectsRowsOfTheWrongWidthWithoutWriting()
    {
        using var temp = new TempFolder();
        string path = temp.File("labels.csv");
        var e = Assert.ThrowsExactly<ArgumentException>(() => CodeLabelsCsvWriter.Write(path, [[true, false]]));
        StringAssert.Contains(e.Message, "row 0 has 2 labels, expected 6");
        Assert.ThrowsExactly<ArgumentException>(() => CodeLabelsCsvWriter.Write(path, Rows, [1, 2]));
        Assert.IsFalse(File.Exists(path));
        Assert.AreEqual(0, Directory.GetFiles(temp.Path).Length);
    }
}
