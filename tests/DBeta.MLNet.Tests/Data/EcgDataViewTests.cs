using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class EcgDataViewTests
{
    private const int N = 5, T = 400, Length = 12 * T;
    private static readonly string[] CodeLabels = ["1dAVb", "RBBB", "LBBB", "SB", "AF", "ST"];

    private static string Fixture(params string[] parts) => RepoPaths.Fixture(["data", .. parts]);

    private static (string[] Ids, float[][] Ecgs) ReadAll(IDataView view)
    {
        var ids = new List<string>();
        var ecgs = new List<float[]>();
        var idColumn = view.Schema[DBetaColumnNames.Id];
        var ecgColumn = view.Schema[DBetaColumnNames.Ecg];
        using var cursor = view.GetRowCursor([idColumn, ecgColumn]);
        var getId = cursor.GetGetter<ReadOnlyMemory<char>>(idColumn);
        var getEcg = cursor.GetGetter<VBuffer<float>>(ecgColumn);
        ReadOnlyMemory<char> id = default;
        VBuffer<float> ecg = default;
        while (cursor.MoveNext())
        {
            Assert.AreEqual(ids.Count, cursor.Position);
            getId(ref id);
            getEcg(ref ecg);
            ids.Add(id.ToString());
            ecgs.Add(ecg.DenseValues().ToArray());
        }
        return ([.. ids], [.. ecgs]);
    }

    [TestMethod]
    public void Hdf5RowsStreamInBlocksWithIdAndEcgColumns()
    {
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadEcgFromHdf5(Fixture("hdf5", "code_gzip_shuffle.h5"), new Hdf5EcgLoaderOptions { BlockSize = 2 });
        Assert.AreEqual(TextDataViewType.Instance, view.Schema[DBetaColumnNames.Id].Type);
        var ecgType = (VectorDataViewType)view.Schema[DBetaColumnNames.Ecg].Type;
        Assert.AreEqual(NumberDataViewType.Single, ecgType.ItemType);
        Assert.AreEqual(Length, ecgType.Size);
        double rate = 0;
        view.Schema[DBetaColumnNames.Ecg].Annotations.GetValue(DBetaColumnNames.SampleRateAnnotation, ref rate);
        Assert.AreEqual(400.0, rate);
        Assert.AreEqual(400.0, view.SampleRate);
        Assert.AreEqual(N, view.GetRowCount());
        Assert.IsFalse(view.CanShuffle);

        var (ids, ecgs) = ReadAll(view);
        CollectionAssert.AreEqual(File.ReadAllLines(Fixture("hdf5", "expected_exam_ids.txt")), ids);
        float[] expected = RawFloats.Read(Fixture("hdf5", "expected_lead_major.f32"));
        for (int r = 0; r < N; r++) CollectionAssert.AreEqual(expected[(r * Length)..((r + 1) * Length)], ecgs[r], $"row {r}");

        var again = ReadAll(view); // a second pass opens the file again
        CollectionAssert.AreEqual(ids, again.Ids);
    }

    [TestMethod]
    public void LabelsBecomeBooleanColumnsAndALabelsVector()
    {
        var ml = new MLContext(seed: 1);
        var labels = ml.Data.LoadEcgLabels(Fixture("labels", "exams.csv"), new EcgLabelOptions { IdColumn = "exam_id", LabelColumns = CodeLabels });
        var view = ml.Data.LoadEcgFromHdf5(Fixture("hdf5", "code_chunked.h5"), new Hdf5EcgLoaderOptions { Labels = labels });
        CollectionAssert.AreEqual(CodeLabels, view.LabelNames.ToArray());
        Assert.AreEqual(BooleanDataViewType.Instance, view.Schema["AF"].Type);
        var labelsColumn = view.Schema[DBetaColumnNames.Labels];
        Assert.AreEqual(6, ((VectorDataViewType)labelsColumn.Type).Size);
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        labelsColumn.GetSlotNames(ref slotNames);
        CollectionAssert.AreEqual(CodeLabels, slotNames.DenseValues().Select(s => s.ToString()).ToArray());

        float[] expected;
        using (var npy = NpyReader.Open(Fixture("labels", "expected_labels.npy"))) expected = npy.ReadAll();
        using var cursor = view.GetRowCursor([labelsColumn, view.Schema["AF"]]);
        var getLabels = cursor.GetGetter<VBuffer<float>>(labelsColumn);
        var getAf = cursor.GetGetter<bool>(view.Schema["AF"]);
        VBuffer<float> row = default;
        bool af = false;
        int r = 0;
        while (cursor.MoveNext())
        {
            getLabels(ref row);
            getAf(ref af);
            CollectionAssert.AreEqual(expected[(r * 6)..((r + 1) * 6)], row.DenseValues().ToArray());
            Assert.AreEqual(expected[r * 6 + 4] == 1, af);
            r++;
        }
        Assert.AreEqual(N, r);
    }

    [TestMethod]
    public void ATrainerFitsOnTheEcgColumnAndABooleanLabel()
    {
        var ml = new MLContext(seed: 1);
        var labels = ml.Data.LoadEcgLabels(Fixture("labels", "gold_standard.csv"));
        var view = ml.Data.LoadEcgFromHdf5(Fixture("hdf5", "code_contiguous.h5"), new Hdf5EcgLoaderOptions { Labels = labels });
        var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "RBBB", featureColumnName: DBetaColumnNames.Ecg, maximumNumberOfIterations: 2);
        var model = trainer.Fit(view);
        var scored = model.Transform(view);
        Assert.AreEqual(N, scored.GetColumn<float>("Probability").Count());
    }

    [TestMethod]
    public void NaNRecordsStopACursorUnlessDropped()
    {
        var ml = new MLContext(seed: 1);
        string path = Fixture("hdf5", "code_nan_inf.h5");
        string[] ids = File.ReadAllLines(Fixture("hdf5", "expected_exam_ids.txt"));

        var rejecting = ml.Data.LoadEcgFromHdf5(path);
        var e = Assert.ThrowsExactly<EcgDataException>(() => ReadAll(rejecting));
        StringAssert.Contains(e.Message, $"record {ids[2]} (row 2): lead aVL sample 17 is NaN");

        var dropping = ml.Data.LoadEcgFromHdf5(path, new Hdf5EcgLoaderOptions { InvalidValues = InvalidValueHandling.Drop, BlockSize = 2 });
        Assert.IsNull(dropping.GetRowCount(), "the row count is unknown until a pass has found the bad records");
        var (kept, ecgs) = ReadAll(dropping);
        CollectionAssert.AreEqual(new[] { ids[0], ids[1], ids[3] }, kept);
        CollectionAssert.AreEqual(new[] { ids[2], ids[4] }, dropping.DroppedIds.ToArray());
        Assert.AreEqual(3, dropping.GetRowCount());
        float[] expected = RawFloats.Read(Fixture("hdf5", "expected_lead_major.f32"));
        CollectionAssert.AreEqual(expected[(3 * Length)..(4 * Length)], ecgs[2]);
    }

    [TestMethod]
    public void ACursorForIdsOnlyDoesNotReadSamples()
    {
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadEcgFromHdf5(Fixture("hdf5", "code_nan_inf.h5"));
        var ids = view.GetColumn<ReadOnlyMemory<char>>(DBetaColumnNames.Id).Select(m => m.ToString()).ToArray();
        Assert.AreEqual(N, ids.Length);
    }

    [TestMethod]
    public void GettersCheckTheColumnAndTheType()
    {
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadEcgFromHdf5(Fixture("hdf5", "code_chunked.h5"));
        var ecg = view.Schema[DBetaColumnNames.Ecg];
        using var cursor = view.GetRowCursor([ecg]);
        var wrongType = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<VBuffer<double>>(ecg));
        StringAssert.Contains(wrongType.Message, "column 'Ecg' has type Vector<Single, 4800>");
        var inactive = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema[DBetaColumnNames.Id]));
        StringAssert.Contains(inactive.Message, "column 'Id' was not requested");
        var getter = cursor.GetGetter<VBuffer<float>>(ecg);
        VBuffer<float> value = default;
        Assert.ThrowsExactly<InvalidOperationException>(() => getter(ref value));
    }

    [TestMethod]
    public void WfdbAndNpyLoadThroughTheCatalog()
    {
        var ml = new MLContext(seed: 1);
        var wfdb = ml.Data.LoadEcgFromWfdb(Fixture("wfdb", "good"));
        Assert.AreEqual(4, wfdb.GetRowCount());
        Assert.AreEqual(500.0, wfdb.SampleRate);
        var (names, _) = ReadAll(wfdb);
        CollectionAssert.AreEqual(new[] { "formats", "rec16", "rec212", "split" }, names);

        var listed = ml.Data.LoadEcgFromWfdb([Fixture("wfdb", "good", "split.hea"), Fixture("wfdb", "good", "rec16.hea")]);
        CollectionAssert.AreEqual(new[] { "split", "rec16" }, ReadAll(listed).Ids);

        var npy = ml.Data.LoadEcgFromNpy(Fixture("npy", "ecg_f8_time_major.npy"), NpyEcgLayout.TimeMajor, 500, ["a", "b", "c"]);
        var (ids, ecgs) = ReadAll(npy);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, ids);
        float[] expected = RawFloats.Read(Fixture("npy", "expected_lead_major.f32"));
        CollectionAssert.AreEqual(expected[3000..6000], ecgs[1]);

        var auto = ml.Data.LoadEcg(Fixture("hdf5", "code_float64.h5"));
        Assert.AreEqual(N, auto.GetRowCount());
    }

    [TestMethod]
    public void AViewOverACallersSourceSharesIt()
    {
        var ml = new MLContext(seed: 1);
        using var source = new Hdf5EcgSource(Fixture("hdf5", "code_chunked.h5"));
        var view = ml.Data.LoadEcg(source, new EcgLoaderOptions { BlockSize = 3 });
        var first = ReadAll(view);
        var second = ReadAll(view);
        CollectionAssert.AreEqual(first.Ids, second.Ids);
        Assert.AreEqual(T, source.Read(4).SampleCount, "the source stays open after the cursors are disposed");
    }

    [TestMethod]
    public void LabelsThatDoNotMatchTheRecordsStopTheLoader()
    {
        var ml = new MLContext(seed: 1);
        var labels = ml.Data.LoadEcgLabels(Fixture("labels", "short.csv"));
        var e = Assert.ThrowsExactly<EcgDataException>(() => ml.Data.LoadEcgFromHdf5(Fixture("hdf5", "code_chunked.h5"), new Hdf5EcgLoaderOptions { Labels = labels }));
        StringAssert.Contains(e.Message, "has 4 label rows but");
    }
}
