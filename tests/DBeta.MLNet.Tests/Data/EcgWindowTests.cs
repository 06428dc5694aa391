using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Data;

/// <summary>Long records cut into windows (<see cref="EcgWindowOptions"/>), and window embeddings pooled per record.</summary>
[TestClass]
public sealed class EcgWindowTests
{
    private static string[] Texts(IDataView view, string column) =>
        [.. view.GetColumn<ReadOnlyMemory<char>>(column).Select(m => m.ToString())];

    private static float[][] Vectors(IDataView view, string column) =>
        [.. view.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray())];

    [TestMethod]
    [DataRow(10.0, new[] { 0, 5000, 10000 })]
    [DataRow(5.0, new[] { 0, 2500, 5000, 7500, 10000, 12500 })]
    public void ALongRealRecordGivesEveryWholeWindowOfItsResampledSignal(double stride, int[] starts)
    {
        // s0010_re: 38.4 s at 1000 Hz, 19,200 samples at 500 Hz.
        string header = RepoPaths.SharedData("wfdb", "s0010_re.hea");
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadEcgFromWfdb([header], new WfdbEcgLoaderOptions { Fit = new EcgFitOptions(), Windows = new EcgWindowOptions { StrideSeconds = stride } });
        var alone = ml.Data.LoadEcgFromWfdb([header]);
        float[] resampled = Vectors(ml.Transforms.ResampleEcg(new EcgResamplingOptions { SourceRate = 1000 }).Fit(alone).Transform(alone), DBetaColumnNames.Ecg)[0];
        Assert.AreEqual(12 * 19200, resampled.Length);

        var windows = Vectors(view, DBetaColumnNames.Ecg);
        Assert.HasCount(starts.Length, windows);
        CollectionAssert.AreEqual(starts.Select(s => $"s0010_re@{s / 500.0:0.###}s").ToArray(), Texts(view, DBetaColumnNames.Id));
        CollectionAssert.AreEqual(starts.Select(_ => "s0010_re").ToArray(), Texts(view, EcgWindowOptions.RecordIdColumnName));
        CollectionAssert.AreEqual(starts.Select(s => s / 500f).ToArray(), view.GetColumn<float>(EcgWindowOptions.WindowStartColumnName).ToArray());
        for (int w = 0; w < starts.Length; w++)
            for (int lead = 0; lead < 12; lead++)
                CollectionAssert.AreEqual(resampled.AsSpan(lead * 19200 + starts[w], 5000).ToArray(), windows[w].AsSpan(lead * 5000, 5000).ToArray(), $"window {w} lead {lead}");
    }

    [TestMethod]
    public void ARecordShorterThanOneWindowIsNamedOrSkippedAndListed()
    {
        string rec16 = RepoPaths.Fixture("data", "wfdb", "good", "rec16.hea");
        string len400 = RepoPaths.Fixture("data", "wfdb", "other", "len400.hea");
        var fit = new EcgFitOptions { SampleCount = 350 };
        var e = Assert.ThrowsExactly<EcgDataException>(() => new MLContext().Data.LoadEcgFromWfdb([rec16, len400], new WfdbEcgLoaderOptions { Fit = fit, Windows = new() }));
        Assert.AreEqual((rec16, "rec16"), (e.FilePath, e.Record));
        StringAssert.Contains(e.Message, "is 0.602 s long, shorter than one window of 0.7 s");

        var view = new MLContext().Data.LoadEcgFromWfdb([rec16, len400], new WfdbEcgLoaderOptions { Fit = fit, Windows = new() { SkipShortRecords = true } });
        CollectionAssert.AreEqual(new[] { "len400@0s" }, Texts(view, DBetaColumnNames.Id));
        Assert.HasCount(1, view.SkippedRecords);
        StringAssert.StartsWith(view.SkippedRecords[0], "rec16: is 0.602 s long");
    }

    [TestMethod]
    public void WindowsNeedFit()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            new MLContext().Data.LoadEcgFromWfdb(RepoPaths.Fixture("data", "wfdb", "good"), new WfdbEcgLoaderOptions { Windows = new() }));
        StringAssert.Contains(e.Message, "Windows needs Fit");
    }

    [TestMethod]
    public void ChallengeWindowsCarryTheirRecordsLabelsAndColumnsAndPoolBackToOneRowPerRecord()
    {
        using var folder = new TempFolder();
        ChallengeRecordFiles.Write(folder.Path, "A0001", "#Age: 60", "#Sex: Female", "#Dx: 164889003");           // AF
        ChallengeRecordFiles.Write(folder.Path, "A0002", "#Age: 60", "#Sex: Female", "#Dx: 426783006,59118001"); // NSR, RBBB
        var ml = new MLContext(seed: 1);
        // 100-sample windows every 50 samples over 301 samples: starts 0, 50, 100, 150, 200.
        var options = new ChallengeLoaderOptions { Fit = new EcgFitOptions { SampleCount = 100 }, Windows = new EcgWindowOptions { StrideSeconds = 0.1 } };
        var windows = ml.Data.LoadChallengeEcgs(folder.Path, options);
        Assert.AreEqual(10L, windows.GetRowCount());
        CollectionAssert.AreEqual(new[] { "A0001", "A0001", "A0001", "A0001", "A0001", "A0002", "A0002", "A0002", "A0002", "A0002" }, Texts(windows, EcgWindowOptions.RecordIdColumnName));
        CollectionAssert.AreEqual(new[] { true, true, true, true, true, false, false, false, false, false }, windows.GetColumn<bool>("AF").ToArray());
        CollectionAssert.AreEqual(new[] { false, false, false, false, false, true, true, true, true, true }, windows.GetColumn<bool>("RBBB").ToArray());
        Assert.AreEqual("426783006,59118001", Texts(windows, "Dx")[^1]);
        Assert.AreEqual(60f, windows.GetColumn<float>("Age").Last());

        var embedded = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel).Fit(windows).Transform(windows);
        var perWindow = Vectors(embedded, DBetaColumnNames.Embedding);
        foreach (var pooling in new[] { EcgWindowPooling.Mean, EcgWindowPooling.Max })
        {
            var pooled = ml.Data.PoolEcgWindowEmbeddings(embedded, pooling);
            CollectionAssert.AreEqual(new[] { "A0001", "A0002" }, Texts(pooled, DBetaColumnNames.Id));
            CollectionAssert.AreEqual(new[] { true, false }, pooled.GetColumn<bool>("AF").ToArray());
            CollectionAssert.AreEqual(new[] { false, true }, pooled.GetColumn<bool>("NSR").ToArray());
            var rows = Vectors(pooled, DBetaColumnNames.Embedding);
            for (int r = 0; r < 2; r++)
            {
                var ofRecord = perWindow.Skip(5 * r).Take(5).ToArray();
                for (int j = 0; j < rows[r].Length; j++)
                {
                    float expected = pooling == EcgWindowPooling.Mean ? (float)ofRecord.Average(w => (double)w[j]) : ofRecord.Max(w => w[j]);
                    Assert.AreEqual(expected, rows[r][j], 1e-6f, $"{pooling} record {r} value {j}");
                }
            }
        }
        Assert.AreNotEqual(perWindow[0][0], perWindow[1][0], "windows at different starts embed differently");
    }

    [TestMethod]
    public void PoolingNamesWhatIsMissing()
    {
        var ml = new MLContext();
        var plain = ml.Data.LoadEcgFromWfdb(RepoPaths.Fixture("data", "wfdb", "good", "rec16.hea"));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.PoolEcgWindowEmbeddings(plain));
        StringAssert.Contains(e.Message, "no column 'RecordId': load the ECGs with Windows set");
    }
}
