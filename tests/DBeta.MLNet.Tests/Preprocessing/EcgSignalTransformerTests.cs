using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Preprocessing;

/// <summary>What every ECG signal transformer shares: schema checks, laziness, parallel cursors, errors, saving.</summary>
[TestClass]
public sealed class EcgSignalTransformerTests
{
    public sealed class TextRow { public string Ecg { get; set; } = ""; }
    public sealed class ShortVectorRow { [VectorType(100)] public float[] Ecg { get; set; } = []; }
    public sealed class VariableRow { public float[] Ecg { get; set; } = []; }
    public sealed class DoubleRow { [VectorType(1200)] public double[] Ecg { get; set; } = []; }
    public sealed class OtherRow { [VectorType(1200)] public float[] Signal { get; set; } = []; }

    public sealed class Row
    {
        [VectorType(12 * 100)]
        public float[] Ecg { get; set; } = [];
        public int Index { get; set; }
    }

    private static Row MakeRow(int index) => new()
    {
        Index = index,
        Ecg = Enumerable.Range(0, 1200).Select(i => MathF.Sin(0.01f * i * (index + 1))).ToArray(),
    };

    [TestMethod]
    public void WrongColumnTypesAreNamedBeforeAnyDataMoves()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.PrepareEcgForDBeta(sourceRate: 400);
        const string expected = "expected a known-size vector of Single with a multiple of 12 values";

        AssertSchemaError(() => estimator.Fit(ml.Data.LoadFromEnumerable(Array.Empty<TextRow>())), $"column 'Ecg': {expected}, got String");
        AssertSchemaError(() => estimator.Fit(ml.Data.LoadFromEnumerable(Array.Empty<VariableRow>())), $"column 'Ecg': {expected}, got VarVector<Single>");
        AssertSchemaError(() => estimator.Fit(ml.Data.LoadFromEnumerable(Array.Empty<DoubleRow>())), $"column 'Ecg': {expected}, got Vector<Double>");
        AssertSchemaError(() => estimator.Fit(ml.Data.LoadFromEnumerable(Array.Empty<OtherRow>())), "column 'Ecg' not found in the input schema (columns: Signal)");

        // A shape has no vector size: the multiple-of-12 check happens on the real schema, in the transformer.
        var transformer = ml.Transforms.ResampleEcg("Ecg", null, sourceRate: 400).Fit(ml.Data.LoadFromEnumerable(Array.Empty<Row>()));
        var shortSchema = ml.Data.LoadFromEnumerable(Array.Empty<ShortVectorRow>()).Schema;
        AssertSchemaError(() => transformer.GetOutputSchema(shortSchema), $"column 'Ecg': {expected}, got Vector<Single, 100>");
        AssertSchemaError(() => ml.Transforms.CropOrPadEcg().Fit(ml.Data.LoadFromEnumerable(Array.Empty<ShortVectorRow>())), "got Vector<Single, 100>");
    }

    public sealed class OneSampleRow { [VectorType(12)] public float[] Ecg { get; set; } = []; }

    [TestMethod]
    public void ResamplingThatLeavesNoSamplesIsASchemaError()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.ResampleEcg("Ecg", null, sourceRate: 500, targetRate: 100).Fit(ml.Data.LoadFromEnumerable(Array.Empty<OneSampleRow>())));
        StringAssert.StartsWith(error.Message, "column 'Ecg' (Vector<Single, 12>, 1 samples per lead): resampling from 500 Hz to 100 Hz leaves no samples");
    }

    [TestMethod]
    public void OutputShapeFeedsMLNetEstimatorsThatNeedAKnownSizeVector()
    {
        // NormalizeMinMax refuses variable-size vectors, so this chain only fits if our SchemaShape says Vector<Single>.
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 3).Select(MakeRow).ToArray());
        var model = ml.Transforms.ResampleEcg("Resampled", "Ecg", sourceRate: 250)
            .Append(ml.Transforms.NormalizeMinMax("Normalized", "Resampled"))
            .Fit(data);

        var schema = model.GetOutputSchema(data.Schema);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 12 * 200), schema["Resampled"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 12 * 200), schema["Normalized"].Type);
        Assert.AreEqual(3, model.Transform(data).GetColumn<float[]>("Normalized").Count());
    }

    [TestMethod]
    public void TransformIsLazyAndStreamsRowByRow()
    {
        var ml = new MLContext(seed: 1);
        int produced = 0;
        IEnumerable<Row> Rows()
        {
            for (int i = 0; i < 1_000_000; i++)
            {
                produced++;
                yield return MakeRow(i);
            }
        }
        var data = ml.Data.LoadFromEnumerable(Rows());

        var model = ml.Transforms.ResampleEcg("Ecg", null, sourceRate: 250).Append(ml.Transforms.CropOrPadEcg(targetLength: 150)).Fit(data);
        var transformed = model.Transform(data);
        Assert.AreEqual(0, produced, "Fit and Transform must not read rows");

        using var cursor = transformed.GetRowCursor(transformed.Schema);
        var getter = cursor.GetGetter<VBuffer<float>>(transformed.Schema["Ecg"]);
        VBuffer<float> value = default;
        for (int i = 0; i < 3; i++)
        {
            Assert.IsTrue(cursor.MoveNext());
            getter(ref value);
            Assert.AreEqual(12 * 150, value.Length);
        }
        Assert.IsLessThanOrEqualTo(4, produced, "three rows read should pull about three rows from a million-row source");
    }

    [TestMethod]
    public void ParallelCursorsGiveTheSameRowsAsOneCursor()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(Enumerable.Range(0, 64).Select(MakeRow).ToArray()));
        var transformed = ml.Transforms.ResampleEcg("Resampled", "Ecg", sourceRate: 333).Fit(data).Transform(data);
        var serial = ml.Data.CreateEnumerable<ResampledRow>(transformed, reuseRowObject: false).ToDictionary(r => r.Index, r => r.Resampled);

        var cursors = transformed.GetRowCursorSet(transformed.Schema, n: 4);
        var parallel = new ConcurrentDictionary<int, float[]>();
        Parallel.ForEach(cursors, new ParallelOptions { MaxDegreeOfParallelism = 4 }, cursor =>
        {
            using (cursor)
            {
                var index = cursor.GetGetter<int>(transformed.Schema["Index"]);
                var resampled = cursor.GetGetter<VBuffer<float>>(transformed.Schema["Resampled"]);
                int i = 0;
                VBuffer<float> value = default;
                while (cursor.MoveNext())
                {
                    index(ref i);
                    resampled(ref value);
                    parallel[i] = value.DenseValues().ToArray();
                }
            }
        });

        Assert.IsTrue(cursors.Length > 1, $"the cached source should give several cursors, got {cursors.Length}");
        Assert.AreEqual(64, parallel.Count);
        foreach (var (i, row) in serial) CollectionAssert.AreEqual(row, parallel[i], $"row {i}");
    }

    public sealed class ResampledRow
    {
        public int Index { get; set; }
        [VectorType(12 * 150)]
        public float[] Resampled { get; set; } = [];
    }

    [TestMethod]
    public void NonFiniteSamplesFailWithTheColumnRowAndLead()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 3).Select(MakeRow).ToArray();
        rows[2].Ecg[3 * 100 + 42] = float.NaN;
        var data = ml.Data.LoadFromEnumerable(rows);
        var transformed = ml.Transforms.StandardizeEcgLeads().Fit(data).Transform(data);

        var error = Assert.ThrowsExactly<EcgDataException>(() => transformed.GetColumn<float[]>("Ecg").ToList());
        Assert.AreEqual("column 'Ecg': record row 2: lead aVR sample 42 is NaN", error.Message);
    }

    [TestMethod]
    public void SavingExplainsWhyItIsNotSupported()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Array.Empty<Row>());
        var model = ml.Transforms.PrepareEcgForDBeta(sourceRate: 400).Fit(data);
        using var temp = new TempFolder();

        var error = Assert.Throws<Exception>(() => ml.Model.Save(model, data.Schema, temp.File("model.zip")));
        var notSupported = error as NotSupportedException ?? error.InnerException as NotSupportedException;
        Assert.IsNotNull(notSupported, $"expected NotSupportedException, got {error.GetType().Name}: {error.Message}");
        StringAssert.Contains(notSupported.Message, "EcgResamplingTransformer (column 'Ecg' -> 'Ecg') cannot be saved in an ML.NET model");
    }

    [TestMethod]
    public void RowToRowMapperReportsDependenciesAndPassesInputColumnsThrough()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Array.Empty<Row>());
        var transformer = ml.Transforms.CropOrPadEcg("Fitted", "Ecg", targetLength: 10).Fit(data);
        var mapper = transformer.GetRowToRowMapper(data.Schema);

        Assert.IsTrue(transformer.IsRowToRowMapper);
        Assert.AreSame(data.Schema, mapper.InputSchema);
        CollectionAssert.AreEqual(new[] { "Ecg" }, mapper.GetDependencies([mapper.OutputSchema["Fitted"]]).Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "Index" }, mapper.GetDependencies([mapper.OutputSchema["Index"]]).Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "Ecg", "Index", "Fitted" }, mapper.OutputSchema.Select(c => c.Name).ToArray());
    }

    private static void AssertSchemaError(Action action, string expectedFragment)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(action);
        StringAssert.Contains(error.Message, expectedFragment);
    }
}
