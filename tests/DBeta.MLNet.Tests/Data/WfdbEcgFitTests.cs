using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Data;

/// <summary>
/// Records of different rates and lengths load as one view when <see cref="WfdbEcgLoaderOptions.Fit"/> is set, each
/// record bit for bit what the preprocessing transforms (checked against scipy elsewhere) make of it alone.
/// </summary>
[TestClass]
public sealed class WfdbEcgFitTests
{
    private static string Wfdb(params string[] parts) => RepoPaths.Fixture(["data", "wfdb", .. parts]);

    /// <summary>Record <paramref name="header"/> read alone as stored, then resampled and cropped or padded by the transforms.</summary>
    private static float[] ThroughTransforms(MLContext ml, string header, EcgFitOptions fit)
    {
        var alone = ml.Data.LoadEcgFromWfdb([header]);
        var pipeline = ml.Transforms.ResampleEcg(new EcgResamplingOptions { SourceRate = alone.SampleRate, TargetRate = fit.SampleRate })
            .Append(ml.Transforms.CropOrPadEcg(new EcgCropOrPadOptions { TargetLength = fit.SampleCount, Anchor = fit.Anchor }));
        return FirstEcg(pipeline.Fit(alone).Transform(alone));
    }

    private static float[] FirstEcg(IDataView view) => EcgsOf(view)[0];

    private static List<float[]> EcgsOf(IDataView view) =>
        [.. view.GetColumn<VBuffer<float>>(DBetaColumnNames.Ecg).Select(v => v.DenseValues().ToArray())];

    [TestMethod]
    [DataRow(EcgLengthAnchor.Start)]
    [DataRow(EcgLengthAnchor.Center)]
    public void MixedRatesAndLengthsEachFitAsTheTransformsFitThemAlone(EcgLengthAnchor anchor)
    {
        var ml = new MLContext(seed: 1);
        // 301 samples at 500 Hz (padded), 301 at 250 Hz (602 after resampling, cropped), 400 at 500 Hz (cropped).
        string[] headers = [Wfdb("good", "rec16.hea"), Wfdb("other", "rate250.hea"), Wfdb("other", "len400.hea")];
        var fit = new EcgFitOptions { SampleRate = 500, SampleCount = 350, Anchor = anchor };
        var view = ml.Data.LoadEcgFromWfdb(headers, new WfdbEcgLoaderOptions { Fit = fit });
        Assert.AreEqual(500, view.SampleRate);
        Assert.AreEqual(350, view.SampleCount);
        var rows = EcgsOf(view);
        Assert.HasCount(3, rows);
        for (int i = 0; i < headers.Length; i++)
            CollectionAssert.AreEqual(ThroughTransforms(ml, headers[i], fit), rows[i], $"{Path.GetFileName(headers[i])} differs from the transforms' result");
        Assert.AreNotEqual(0f, rows[1].Max(Math.Abs), "the resampled record is all zeros");
    }

    [TestMethod]
    public void WithoutFitTheErrorSaysHowToLoadMixedRecords()
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => new WfdbEcgSource([Wfdb("good", "rec16.hea"), Wfdb("other", "rate250.hea")]));
        StringAssert.Contains(e.Message, "set Fit (the CLI's --fit) to resample and crop or pad each record to one size");
    }

    [TestMethod]
    public void BadFitOptionsAreNamed()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new WfdbEcgSource(Wfdb("good"), new WfdbEcgLoaderOptions { Fit = new EcgFitOptions { SampleRate = 0 } }));
        Assert.AreEqual("SampleRate", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new WfdbEcgSource(Wfdb("good"), new WfdbEcgLoaderOptions { Fit = new EcgFitOptions { SampleCount = -1 } }));
        Assert.AreEqual("SampleCount", e.ParamName);
    }

    [TestMethod]
    public void RealRecordsOfDifferentRatesAndLengthsLoadAsOneView()
    {
        // The PTB record is 38.4 s at 1000 Hz; the Challenge records are 10 s at 500 Hz.
        string ptb = RepoPaths.SharedData("wfdb", "s0010_re.hea");
        string[] challenge = [.. Directory.GetFiles(RepoPaths.SharedData("challenge2021"), "*.hea").Order(StringComparer.Ordinal).Take(5)];
        var ml = new MLContext(seed: 1);
        var fit = new EcgFitOptions();
        var view = ml.Data.LoadEcgFromWfdb([.. challenge, ptb], new WfdbEcgLoaderOptions { Fit = fit });
        Assert.AreEqual((500.0, 5000), (view.SampleRate, view.SampleCount));
        var rows = EcgsOf(view);
        Assert.HasCount(6, rows);
        CollectionAssert.AreEqual(ThroughTransforms(ml, ptb, fit), rows[5], "the 1000-Hz record");
        CollectionAssert.AreEqual(EcgsOf(ml.Data.LoadEcgFromWfdb([challenge[0]]))[0], rows[0], "a 500-Hz 10-s record is read unchanged");
        var ids = view.GetColumn<ReadOnlyMemory<char>>(DBetaColumnNames.Id).Select(m => m.ToString()).ToArray();
        CollectionAssert.AreEqual(challenge.Select(Path.GetFileNameWithoutExtension).Append("s0010_re").ToArray(), ids);
    }

    [TestMethod]
    public void TheRecordLinesStrayExtensionIsNotPartOfTheId()
    {
        // Georgia's E00666.hea says "E00666.mat 12 500 5000 ..." on its record line.
        using var source = new WfdbEcgSource(RepoPaths.SharedData("challenge2021", "E00666.hea"));
        Assert.AreEqual("E00666", source.GetId(0));
    }
}
