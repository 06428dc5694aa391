using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary><c>dbeta preprocess</c> and <c>dbeta embed</c>, run as a user would and compared with the library.</summary>
[TestClass]
public sealed class EmbedCommandTests
{
    private static readonly string Code = RepoPaths.Fixture("data", "hdf5", "code_gzip_shuffle.h5");

    [TestMethod]
    public void PreprocessWritesWhatTheEncoderSees()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("preprocess", "--input", Code, "--out", temp.File("x.npy"), "--ids", temp.File("ids.csv"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "[5, 12, 5000]");

        using var npy = NpyReader.Open(temp.File("x.npy"));
        CollectionAssert.AreEqual(new long[] { 5, 12, 5000 }, npy.Shape.ToArray());
        float[] written = npy.ReadAll();
        using var source = new Hdf5EcgSource(Code);
        float[][] prepared = Prepared(source);
        for (int i = 0; i < source.Count; i++)
            CollectionAssert.AreEqual(prepared[i], written.AsSpan(i * 60000, 60000).ToArray(), $"record {i}");
        var ids = File.ReadAllLines(temp.File("ids.csv"));
        CollectionAssert.AreEqual(new[] { "Id,SourceFile,RowIndex" }.Concat(Enumerable.Range(0, source.Count).Select(i => $"{source.GetId(i)},{Code},{i}")).ToArray(), ids);
    }

    [TestMethod]
    public void PreprocessAndEmbedWriteOneIdsFormatNamingEachRecordsFileAndRow()
    {
        // With --drop-invalid the rows skip records 2 and 3 (NaN, Inf): RowIndex keeps each record's row in its file.
        using var temp = new TempFolder();
        string nan = RepoPaths.Fixture("data", "hdf5", "code_nan_inf.h5");
        var (code, _, error) = DBetaCli.Run("preprocess", "--input", nan, "--drop-invalid", "--out", temp.File("x.npy"), "--ids", temp.File("p.csv"));
        Assert.AreEqual(0, code, error);
        (code, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", nan, "--drop-invalid", "--out", temp.File("e.npy"), "--ids", temp.File("e.csv"));
        Assert.AreEqual(0, code, error);

        string[] preprocessed = File.ReadAllLines(temp.File("p.csv"));
        CollectionAssert.AreEqual(File.ReadAllLines(temp.File("e.csv")), preprocessed);
        using var source = new Hdf5EcgSource(nan);
        var kept = Enumerable.Range(0, source.Count).Where(i => IsFinite(source, i)).ToArray();
        CollectionAssert.AreEqual(new[] { "Id,SourceFile,RowIndex" }.Concat(kept.Select(i => $"{source.GetId(i)},{nan},{i}")).ToArray(), preprocessed);
        Assert.IsLessThan(source.Count, kept.Length, "the fixture has records to drop");
    }

    private static bool IsFinite(Hdf5EcgSource source, int record)
    {
        var values = new float[12 * source.SampleCount];
        var valid = new bool[1];
        source.ReadBlock(record, 1, values, valid);
        return valid[0];
    }

    [TestMethod]
    public void EmbedWritesOneEmbeddingPerRecordInOrder()
    {
        using var temp = new TempFolder();
        var (code, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", Code, "--out", temp.File("e.npy"), "--batch-size", "2");
        Assert.AreEqual(0, code, error);

        using var npy = NpyReader.Open(temp.File("e.npy"));
        float[] written = npy.ReadAll();
        using var source = new Hdf5EcgSource(Code);
        using var encoder = new EcgEncoder(TinyModels.EcgModel);
        float[][] prepared = Prepared(source);
        CollectionAssert.AreEqual(new long[] { 5, encoder.EmbeddingDim }, npy.Shape.ToArray());
        for (int i = 0; i < source.Count; i++)
        {
            float[] expected = encoder.Embed(prepared[i]);
            for (int d = 0; d < expected.Length; d++)
                Assert.AreEqual(expected[d], written[i * expected.Length + d], 1e-5f * (1 + Math.Abs(expected[d])), $"record {i} dim {d}");
        }
    }

    [TestMethod]
    public void BadInputsAreOneErrorLineAndNoOutput()
    {
        using var temp = new TempFolder();
        string output = temp.File("e.npy");
        (string[] Args, string Message)[] cases =
        [
            (["embed", "--model", TinyModels.EcgModel, "--input", temp.File("missing.h5"), "--out", output], "missing.h5"),
            (["embed", "--model", temp.File("none.onnx"), "--input", Code, "--out", output], "none.onnx: ONNX model not found"),
            (["embed", "--model", TinyModels.EcgModel, "--input", RepoPaths.Fixture("data", "hdf5", "bad_rank2.h5"), "--out", output], "has rank 2"),
            (["embed", "--model", TinyModels.EcgModel, "--input", RepoPaths.Fixture("data", "hdf5", "code_nan_inf.h5"), "--out", output], "is NaN"),
            (["preprocess", "--input", RepoPaths.Fixture("data", "npy", "ecg_f4_lead_major.npy"), "--out", output], "needs --layout"),
        ];
        foreach (var (args, message) in cases)
        {
            var (code, _, error) = DBetaCli.Run(args);
            Assert.AreEqual(1, code, string.Join(' ', args));
            StringAssert.StartsWith(error, "error: ");
            StringAssert.Contains(error, message);
            Assert.DoesNotContain("   at ", error, "no stack trace for a user's mistake");
            Assert.IsEmpty(Directory.GetFiles(temp.Path), "no output, not even a temporary file");
        }
    }

    [TestMethod]
    public void DropInvalidSkipsAndListsRecordsWithNaN()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", RepoPaths.Fixture("data", "hdf5", "code_nan_inf.h5"),
            "--out", temp.File("e.npy"), "--drop-invalid");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "dropped 2 records");
        using var npy = NpyReader.Open(temp.File("e.npy"));
        Assert.AreEqual(3L, npy.Shape[0]);
    }

    // D-BETA's preprocessing of every record of the source, through the library's transforms.
    private static float[][] Prepared(IEcgSource source)
    {
        var ml = new MLContext();
        var view = ml.Data.LoadEcg(source);
        return [.. ml.Transforms.PrepareEcgForDBeta(view.SampleRate).Fit(view).Transform(view).GetColumn<float[]>(DBetaColumnNames.Ecg)];
    }
}
