using PureHDF;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class CodeHdf5WriterTests
{
    [TestMethod]
    public void WritesCodeLayoutThatPureHdfReadsBack()
    {
        using var temp = new TempFolder();
        string path = temp.File("code.h5");
        var records = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 3, Seed = 17 }).GenerateAll().Select(e => e.Record).ToArray();
        long[] ids = [1_000_001, 42, 7];
        CodeHdf5Writer.Write(path, ids, records);

        using var file = H5File.OpenRead(path);
        var tracings = file.Dataset(CodeHdf5Writer.TracingsDataset);
        CollectionAssert.AreEqual(new ulong[] { 3, 4096, 12 }, tracings.Space.Dimensions);
        Assert.AreEqual(H5DataTypeClass.FloatingPoint, tracings.Type.Class);
        Assert.AreEqual(4, tracings.Type.Size);
        float[] stored = tracings.Read<float[]>();
        for (int r = 0; r < 3; r++)
            for (int t = 0; t < 4096; t += 7)
                for (int l = 0; l < 12; l++)
                    Assert.AreEqual(records[r].Lead(l)[t], stored[(r * 4096 + t) * 12 + l], $"record {r}, sample {t}, lead {l}");

        var examIds = file.Dataset(CodeHdf5Writer.ExamIdDataset);
        Assert.AreEqual(8, examIds.Type.Size);
        CollectionAssert.AreEqual(ids, examIds.Read<long[]>());
        Assert.AreEqual(1, Directory.GetFiles(temp.Path).Length, "only the HDF5 file may remain");
    }

    [TestMethod]
    public void StreamsManyRecordsAcrossWriteBlocks()
    {
        using var temp = new TempFolder();
        string path = temp.File("many.h5");
        const int count = 200, n = 4096; // 39 MB: more than two 16 MB write blocks
        static EcgRecord Make(int row)
        {
            var samples = new float[12 * n];
            for (int l = 0; l < 12; l++)
                for (int t = 0; t < n; t++) samples[l * n + t] = row + l / 100f + t / 1e6f;
            return new EcgRecord($"r{row}", 400, samples);
        }
        CodeHdf5Writer.Write(path, Enumerable.Range(0, count).Select(i => (long)i).ToArray(), Enumerable.Range(0, count).Select(Make));

        using var file = H5File.OpenRead(path);
        var tracings = file.Dataset("tracings");
        CollectionAssert.AreEqual(new ulong[] { count, n, 12 }, tracings.Space.Dimensions);
        foreach (int row in new[] { 0, 84, 85, 86, 170, 171, 199 })
        {
            float[] stored = tracings.Read<float[]>(
                fileSelection: new PureHDF.Selections.HyperslabSelection(rank: 3, starts: [(ulong)row, 0, 0], blocks: [1, n, 12]),
                memoryDims: [n * 12]);
            var expected = Make(row);
            for (int t = 0; t < n; t += 511)
                for (int l = 0; l < 12; l++)
                    Assert.AreEqual(expected.Lead(l)[t], stored[t * 12 + l], $"row {row}, sample {t}, lead {l}");
        }
    }

    [TestMethod]
    public void MismatchedInputLeavesNoFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("bad.h5");
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 3, Seed = 1 });
        var three = generator.GenerateAll().Select(e => e.Record).ToArray();

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CodeHdf5Writer.Write(path, [1, 2], three)).Message, "more records than exam ids");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CodeHdf5Writer.Write(path, [1, 2, 3, 4], three)).Message, "3 records for 4 exam ids");
        var shorter = new EcgRecord("short", 400, new float[12 * 1000]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CodeHdf5Writer.Write(path, [1, 2], [three[0], shorter])).Message, "record short (row 1) has 1000 samples");
        var sixLeads = new EcgRecord("six", 400, new float[6 * 4096], leadCount: 6);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CodeHdf5Writer.Write(path, [1], [sixLeads])).Message, "6 leads");
        Assert.AreEqual(0, Directory.GetFiles(temp.Path).Length, "a failed write must leave nothing behind");
    }

    [TestMethod]
    public void WritesAnEmptyFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("empty.h5");
        CodeHdf5Writer.Write(path, [], []);
        using var file = H5File.OpenRead(path);
        CollectionAssert.AreEqual(new ulong[] { 0, 4096, 12 }, file.Dataset("tracings").Space.Dimensions);
        CollectionAssert.AreEqual(new ulong[] { 0 }, file.Dataset("exam_id").Space.Dimensions);
    }
}
