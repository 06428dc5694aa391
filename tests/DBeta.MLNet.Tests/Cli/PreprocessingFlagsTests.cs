using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary><c>--filter neurokit</c> and <c>--leads</c> of <c>dbeta preprocess</c> and <c>dbeta embed</c>, against the library's transforms.</summary>
[TestClass]
public sealed class PreprocessingFlagsTests
{
    private static readonly string Code = RepoPaths.Fixture("data", "hdf5", "code_gzip_shuffle.h5");

    [TestMethod]
    public void PreprocessFiltersAtTheInputRateThenKeepsTheLeadSet()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("preprocess", "--input", Code, "--filter", "neurokit", "--leads", "6", "--out", temp.File("x.npy"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "filter NeuroKit at 400 Hz");
        StringAssert.Contains(output, "leads I II III aVR aVL aVF (the others zero)");

        using var npy = NpyReader.Open(temp.File("x.npy"));
        float[] written = npy.ReadAll();
        float[][] expected = Prepared(Code, EcgLeadSet.Six);
        for (int i = 0; i < expected.Length; i++)
        {
            var record = written.AsSpan(i * 60000, 60000);
            CollectionAssert.AreEqual(expected[i], record.ToArray(), $"record {i}");
            Assert.IsTrue(record[(6 * 5000)..].ToArray().All(v => BitConverter.SingleToInt32Bits(v) == 0), $"record {i}: V1-V6 are zero");
        }

        // The filter really ran: without it the limb leads differ.
        (code, _, error) = DBetaCli.Run("preprocess", "--input", Code, "--out", temp.File("raw.npy"));
        Assert.AreEqual(0, code, error);
        using var raw = NpyReader.Open(temp.File("raw.npy"));
        CollectionAssert.AreNotEqual(raw.ReadAll().AsSpan(0, 5000).ToArray(), written.AsSpan(0, 5000).ToArray());
    }

    [TestMethod]
    public void EmbedFeedsTheFilteredReducedLeadsToTheEncoder()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", Code, "--filter", "NeuroKit", "--leads", "2",
            "--out", temp.File("e.npy"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "leads I II (the others zero)");

        using var npy = NpyReader.Open(temp.File("e.npy"));
        float[] written = npy.ReadAll();
        using var encoder = new EcgEncoder(TinyModels.EcgModel);
        float[][] prepared = Prepared(Code, EcgLeadSet.Two);
        for (int i = 0; i < prepared.Length; i++)
        {
            float[] expected = encoder.Embed(prepared[i]);
            for (int d = 0; d < expected.Length; d++)
                Assert.AreEqual(expected[d], written[i * expected.Length + d], 1e-5f * (1 + Math.Abs(expected[d])), $"record {i} dim {d}");
        }
    }

    [TestMethod]
    public void ACheckpointOfAnotherPreprocessingIsNotResumed()
    {
        // Runs with and without the optional steps describe themselves differently, so a resumed run cannot mix them.
        string plain = EmbeddingRunInfo.DescribePreprocessing(EcgTransformsCatalog.DBetaPreprocessing("Ecg", null, 400));
        string filtered = EmbeddingRunInfo.DescribePreprocessing(EcgTransformsCatalog.DBetaPreprocessing("Ecg", null, 400, new EcgFilteringOptions()));
        string reduced = EmbeddingRunInfo.DescribePreprocessing(EcgTransformsCatalog.DBetaPreprocessing("Ecg", null, 400, leadSet: EcgLeadSet.Three));

        Assert.AreEqual("{\"source_rate\":400,\"target_rate\":500,\"target_length\":5000,\"anchor\":\"Start\",\"standardize\":false}", plain, "unchanged for existing parts");
        Assert.AreEqual(plain[..^1] + ",\"filter\":\"NeuroKit\",\"highpass_hz\":0.5,\"powerline_hz\":50}", filtered);
        Assert.AreEqual(plain[..^1] + ",\"leads\":3}", reduced);
    }

    [TestMethod]
    public void BadFlagsAndTooShortRecordsAreOneErrorLine()
    {
        using var temp = new TempFolder();
        string shortNpy = Path.Combine(temp.Path, "short.npy");
        NpyWriter.Write(shortNpy, new float[2 * 12 * 30], 2, 12, 30);
        string output = temp.File("x.npy");
        (string[] Args, string Message)[] cases =
        [
            (["preprocess", "--input", Code, "--leads", "5", "--out", output], "--leads 5: choose 12, 6, 4, 3 or 2"),
            (["preprocess", "--input", Code, "--filter", "butter", "--out", output], "butter"),
            (["preprocess", "--input", shortNpy, "--layout", "LeadMajor", "--rate", "500", "--filter", "neurokit", "--out", output],
                "short.npy: --filter neurokit: 30 samples per lead are too few for the NeuroKit filter at 500 Hz: it needs at least 31"),
            (["embed", "--model", TinyModels.EcgModel, "--input", shortNpy, "--layout", "LeadMajor", "--rate", "500", "--filter", "neurokit", "--out", output],
                "needs at least 31"),
        ];
        foreach (var (args, message) in cases)
        {
            var (code, _, error) = DBetaCli.Run(args);
            Assert.AreNotEqual(0, code, string.Join(' ', args));
            StringAssert.Contains(error, message, string.Join(' ', args));
            Assert.DoesNotContain("   at ", error, "no stack trace for a user's mistake");
            Assert.IsFalse(File.Exists(output), "no output");
        }
    }

    /// <summary>Every record of <paramref name="path"/> through the library: FilterEcg at the file's rate, D-BETA's preprocessing, KeepEcgLeads.</summary>
    private static float[][] Prepared(string path, EcgLeadSet leads)
    {
        var ml = new MLContext();
        var view = ml.Data.LoadEcg(path);
        var pipeline = ml.Transforms.FilterEcg()
            .Append(ml.Transforms.PrepareEcgForDBeta(view.SampleRate))
            .Append(ml.Transforms.KeepEcgLeads(leads));
        return [.. pipeline.Fit(view).Transform(view).GetColumn<float[]>(DBetaColumnNames.Ecg)];
    }
}
