using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class Hdf5EcgSourceTests
{
    private const int N = 5, T = 400, Length = 12 * T;

    private static string H5(string name) => RepoPaths.Fixture("data", "hdf5", name);

    private static float[] Expected() => RawFloats.Read(H5("expected_lead_major.f32"));

    private static string[] ExpectedIds() => File.ReadAllLines(H5("expected_exam_ids.txt"));

    [TestMethod]
    [DataRow("code_contiguous.h5")]
    [DataRow("code_chunked.h5")]
    [DataRow("code_gzip_shuffle.h5")]
    [DataRow("code_float64.h5")]
    public void ReadsEveryLayoutTransposedToLeadMajor(string file)
    {
        using var source = new Hdf5EcgSource(H5(file));
        Assert.AreEqual(N, source.Count);
        Assert.AreEqual(T, source.SampleCount);
        Assert.AreEqual(12, source.LeadCount);
        Assert.AreEqual(400.0, source.SampleRate);
        var all = new float[N * Length];
        source.ReadBlock(0, N, all);
        CollectionAssert.AreEqual(Expected(), all);
    }

    [TestMethod]
    public void BlocksAcrossChunkBordersMatchTheReference()
    {
        float[] expected = Expected();
        using var source = new Hdf5EcgSource(H5("code_gzip_shuffle.h5")); // chunks of 2 rows x 150 samples
        var block = new float[3 * Length];
        source.ReadBlock(1, 3, block);
        CollectionAssert.AreEqual(expected[Length..(4 * Length)], block);
        var record = source.Read(4);
        CollectionAssert.AreEqual(expected[(4 * Length)..], record.Samples);
        Assert.AreEqual(T, record.SampleCount);
    }

    [TestMethod]
    public void IdsComeFromExamIdOrTheRowIndex()
    {
        using (var withIds = new Hdf5EcgSource(H5("code_chunked.h5")))
        {
            Assert.IsTrue(withIds.HasIds);
            CollectionAssert.AreEqual(ExpectedIds(), Enumerable.Range(0, N).Select(withIds.GetId).ToArray());
            Assert.AreEqual(ExpectedIds()[3], withIds.Read(3).Id);
        }
        using var withoutIds = new Hdf5EcgSource(H5("code_contiguous.h5"));
        Assert.IsFalse(withoutIds.HasIds);
        CollectionAssert.AreEqual(new[] { "0", "1", "2", "3", "4" }, Enumerable.Range(0, N).Select(withoutIds.GetId).ToArray());
    }

    [TestMethod]
    public void DatasetNamesAndRateComeFromTheOptions()
    {
        var options = new Hdf5EcgLoaderOptions { TracingsDataset = "signals/ecg", IdDataset = "signals/ids", SampleRate = 500 };
        using var source = new Hdf5EcgSource(H5("code_custom_names.h5"), options);
        Assert.AreEqual(500.0, source.SampleRate);
        Assert.AreEqual("exam-" + ExpectedIds()[0], source.GetId(0));
        CollectionAssert.AreEqual(Expected()[(2 * Length)..(3 * Length)], source.Read(2).Samples);
    }

    [TestMethod]
    [DataRow("bad_rank2.h5", "dataset 'tracings' has rank 2, expected [N, T, 12]")]
    [DataRow("bad_missing_tracings.h5", "has no dataset 'tracings' (found: 'signals')")]
    [DataRow("bad_lead_count.h5", "dataset 'tracings' has shape [5, 50, 8]: the last dimension must be the 12 leads")]
    [DataRow("bad_int16.h5", "dataset 'tracings' holds int16, expected float32")]
    [DataRow("bad_exam_id_length.h5", "id dataset 'exam_id' has 4 entries but 'tracings' has 5 rows")]
    [DataRow("bad_exam_id_float.h5", "id dataset 'exam_id' holds float64, expected integers or strings")]
    [DataRow("bad_big_endian.h5", "cannot read dataset 'tracings': it is stored big-endian")]
    [DataRow("bad_not_hdf5.h5", "cannot open as HDF5")]
    public void RejectsFilesOutsideTheCodeLayout(string file, string problem)
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => new Hdf5EcgSource(H5(file)));
        Assert.AreEqual(H5(file), e.FilePath);
        StringAssert.StartsWith(e.Message, H5(file) + ": ");
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void ANamedIdDatasetMustExist()
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => new Hdf5EcgSource(H5("code_contiguous.h5"), new Hdf5EcgLoaderOptions { IdDataset = "exam_ids" }));
        StringAssert.Contains(e.Message, "has no id dataset 'exam_ids' (found: 'tracings')");
    }

    [TestMethod]
    public void AMissingFileIsFileNotFound() =>
        Assert.ThrowsExactly<FileNotFoundException>(() => new Hdf5EcgSource(H5("nope.h5")));

    [TestMethod]
    public void NaNAndInfinityAreRejectedNamingTheRecordLeadAndSample()
    {
        string[] ids = ExpectedIds();
        using var source = new Hdf5EcgSource(H5("code_nan_inf.h5"));
        var block = new float[N * Length];
        var e = Assert.ThrowsExactly<EcgDataException>(() => source.ReadBlock(0, N, block));
        Assert.AreEqual($"{ids[2]} (row 2)", e.Record);
        Assert.AreEqual($"{H5("code_nan_inf.h5")}: record {ids[2]} (row 2): lead aVL sample 17 is NaN; fix the file or load it with InvalidValues = Drop to skip such records", e.Message);

        var inf = Assert.ThrowsExactly<EcgDataException>(() => source.Read(4));
        StringAssert.Contains(inf.Message, $"record {ids[4]} (row 4): lead I sample 0 is +Inf");

        var valid = new bool[N];
        source.ReadBlock(0, N, block, valid);
        CollectionAssert.AreEqual(new[] { true, true, false, true, false }, valid);
        CollectionAssert.AreEqual(Expected()[..Length], block[..Length]);
    }
}
