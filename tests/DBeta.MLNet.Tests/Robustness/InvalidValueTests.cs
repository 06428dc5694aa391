using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// NaN, +Inf and -Inf on every path into an embedding: each loader (HDF5, WFDB, .npy) through <see cref="EcgDataView"/>
/// rejects by default naming the file and the record, and with <see cref="InvalidValueHandling.Drop"/> leaves the
/// record out and counts it; the ML.NET embedding transform rejects a non-finite input naming the column and the row.
/// </summary>
[TestClass]
public sealed class InvalidValueTests
{
    private static (string[] Ids, List<float[]> Ecgs) ReadAll(IDataView view)
    {
        var ids = new List<string>();
        var ecgs = new List<float[]>();
        using var cursor = view.GetRowCursor(view.Schema);
        var getId = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema[DBetaColumnNames.Id]);
        var getEcg = cursor.GetGetter<VBuffer<float>>(view.Schema[DBetaColumnNames.Ecg]);
        ReadOnlyMemory<char> id = default;
        VBuffer<float> ecg = default;
        while (cursor.MoveNext())
        {
            getId(ref id);
            getEcg(ref ecg);
            ids.Add(id.ToString());
            ecgs.Add(ecg.DenseValues().ToArray());
        }
        return ([.. ids], ecgs);
    }

    /// <summary>Three .npy records: clean, one -Inf, clean; written here because no fixture holds -Inf.</summary>
    private static string NegativeInfinityNpy(TempFolder temp)
    {
        var data = new float[3 * 12 * 50];
        for (int i = 0; i < data.Length; i++) data[i] = MathF.Sin(i * 0.1f);
        data[1 * 600 + 6 * 50 + 7] = float.NegativeInfinity; // record 1, lead V1, sample 7
        string path = temp.File("neg_inf.npy");
        NpyWriter.Write(path, data, 3, 12, 50);
        return path;
    }

    [TestMethod]
    public void EveryLoaderRejectsNaNAndInfinityNamingTheFileAndTheRecord()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        string h5 = RepoPaths.Fixture("data", "hdf5", "code_nan_inf.h5");
        string npy = RepoPaths.Fixture("data", "npy", "ecg_nan_inf.npy");
        string wfdb = RepoPaths.Fixture("data", "wfdb", "other", "invalid16.hea");
        string negInf = NegativeInfinityNpy(temp);
        string[] examIds = File.ReadAllLines(RepoPaths.Fixture("data", "hdf5", "expected_exam_ids.txt"));

        var cases = new (EcgDataView View, string File, string Expected)[]
        {
            (ml.Data.LoadEcgFromHdf5(h5), h5, $"record {examIds[2]} (row 2): lead aVL sample 17 is NaN"),
            (ml.Data.LoadEcgFromNpy(npy, NpyEcgLayout.LeadMajor, 500), npy, "record 1: lead V2 sample 99 is NaN"),
            (ml.Data.LoadEcgFromWfdb(wfdb), wfdb, "record invalid16: lead V2 sample 10 is NaN"),
            (ml.Data.LoadEcgFromNpy(negInf, NpyEcgLayout.LeadMajor, 500), negInf, "record 1: lead V1 sample 7 is -Inf"),
        };
        foreach (var (view, file, expected) in cases)
        {
            var e = Assert.ThrowsExactly<EcgDataException>(() => ReadAll(view), file);
            Assert.AreEqual(file, e.FilePath);
            StringAssert.Contains(e.Message, expected);
            StringAssert.Contains(e.Message, "InvalidValues = Drop", "the message says how to go on");
        }

        // +Inf: the HDF5 fixture's row 4, read on its own.
        using var source = new Hdf5EcgSource(h5);
        var inf = Assert.ThrowsExactly<EcgDataException>(() => source.Read(4));
        StringAssert.Contains(inf.Message, $"record {examIds[4]} (row 4): lead ");
        StringAssert.Contains(inf.Message, "is +Inf");
    }

    [TestMethod]
    public void DropLeavesOutAndCountsTheRecordsWithNaNOrInfinityInEveryFormat()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        string[] examIds = File.ReadAllLines(RepoPaths.Fixture("data", "hdf5", "expected_exam_ids.txt"));

        // WFDB: a folder with a clean record and the one holding WFDB's invalid-sample value.
        string folder = Path.Combine(temp.Path, "wfdb");
        Directory.CreateDirectory(folder);
        foreach (var (sub, name) in new[] { ("good", "rec16"), ("other", "invalid16") })
            foreach (string ext in new[] { ".hea", ".dat" })
                File.Copy(RepoPaths.Fixture("data", "wfdb", sub, name + ext), Path.Combine(folder, name + ext));

        var cases = new (EcgDataView View, string[] Kept, string[] Dropped)[]
        {
            (ml.Data.LoadEcgFromHdf5(RepoPaths.Fixture("data", "hdf5", "code_nan_inf.h5"), new Hdf5EcgLoaderOptions { InvalidValues = InvalidValueHandling.Drop, BlockSize = 3 }),
                [examIds[0], examIds[1], examIds[3]], [examIds[2], examIds[4]]),
            (ml.Data.LoadEcgFromNpy(RepoPaths.Fixture("data", "npy", "ecg_nan_inf.npy"), new NpyEcgLoaderOptions { Layout = NpyEcgLayout.LeadMajor, SampleRate = 500, InvalidValues = InvalidValueHandling.Drop }),
                ["0"], ["1", "2"]),
            (ml.Data.LoadEcgFromNpy(NegativeInfinityNpy(temp), new NpyEcgLoaderOptions { Layout = NpyEcgLayout.LeadMajor, SampleRate = 500, InvalidValues = InvalidValueHandling.Drop, BlockSize = 1 }),
                ["0", "2"], ["1"]),
            (ml.Data.LoadEcgFromWfdb(folder, new WfdbEcgLoaderOptions { InvalidValues = InvalidValueHandling.Drop }), ["rec16"], ["invalid16"]),
        };
        foreach (var (view, kept, dropped) in cases)
        {
            var (ids, ecgs) = ReadAll(view);
            CollectionAssert.AreEqual(kept, ids, view.Path);
            CollectionAssert.AreEqual(dropped, view.DroppedIds.ToArray(), view.Path);
            Assert.AreEqual(kept.Length, view.GetRowCount(), "after a pass the row count excludes the dropped records");
            Assert.IsTrue(ecgs.All(e => e.All(float.IsFinite)), "no NaN or infinity gets through");

            // A second pass drops the same records again and counts them once.
            var (again, _) = ReadAll(view);
            CollectionAssert.AreEqual(kept, again);
            CollectionAssert.AreEqual(dropped, view.DroppedIds.ToArray());
        }
    }

    public sealed class EcgRow
    {
        public string Id { get; set; } = "";
        [VectorType(12 * 500)] public float[] Ecg { get; set; } = [];
    }

    public sealed class EmbeddedRow
    {
        public float[] Embedding { get; set; } = [];
    }

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(float.PositiveInfinity)]
    [DataRow(float.NegativeInfinity)]
    public void TheEmbeddingTransformRejectsANonFiniteInputNamingTheColumnAndTheRow(float bad)
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 6).Select(i => new EcgRow { Id = $"r{i}", Ecg = Enumerable.Range(0, 6000).Select(t => MathF.Sin(t * 0.01f * (i + 1))).ToArray() }).ToArray();
        rows[4].Ecg[1234] = bad;
        var data = ml.Data.LoadFromEnumerable(rows);
        using var transformer = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, batchSize: 4).Fit(data);

        var batched = Assert.ThrowsExactly<EcgDataException>(() => ml.Data.CreateEnumerable<EmbeddedRow>(transformer.Transform(data), false).ToArray());
        Assert.AreEqual("4", batched.Record);
        StringAssert.Contains(batched.Message, "column 'Ecg'");
        StringAssert.Contains(batched.Message, "NaN or Inf");

        using var engine = ml.Model.CreatePredictionEngine<EcgRow, EmbeddedRow>(transformer, new PredictionEngineOptions { OwnsTransformer = false });
        Assert.HasCount(32, engine.Predict(rows[0]).Embedding);
        var single = Assert.ThrowsExactly<EcgDataException>(() => engine.Predict(rows[4]));
        StringAssert.Contains(single.Message, "column 'Ecg'");
    }
}
