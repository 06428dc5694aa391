using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Preprocessing;

[TestClass]
public sealed class PreprocessingCatalogTests
{
    public sealed class CodeRow
    {
        [VectorType(12 * 4096)]
        public float[] Ecg { get; set; } = [];
    }

    public sealed class DBetaRow
    {
        [VectorType(12 * 5000)]
        public float[] Ecg { get; set; } = [];
    }

    public sealed class SmallRow
    {
        [VectorType(12 * 6)]
        public float[] Ecg { get; set; } = [];
    }

    private static float[] CodeSamples() => NpyFixture.Load("preprocessing", "code_12x4096_input").AsSingles();

    [TestMethod]
    public void PrepareEcgForDBetaMatchesScipyOnACodeRecord()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new CodeRow { Ecg = CodeSamples() }]);
        double[] expected = NpyFixture.Load("preprocessing", "code_12x4096_dbeta_output").Values;

        var model = ml.Transforms.PrepareEcgForDBeta(sourceRate: 400).Fit(data);
        var column = model.GetOutputSchema(data.Schema)["Ecg"];
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 12 * 5000), column.Type);

        var row = ml.Data.CreateEnumerable<DBetaRow>(model.Transform(data), reuseRowObject: false).Single();
        double error = FftResamplerTests.RelativeError(expected, row.Ecg.Select(v => (double)v).ToArray());
        Assert.IsLessThanOrEqualTo(1e-5, error, $"relative error {error:E2}");
    }

    [TestMethod]
    public void PredictionEngineRunsTheChainOnASingleRowLikeTheCursor()
    {
        var ml = new MLContext(seed: 1);
        float[] samples = CodeSamples();
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<CodeRow>());
        var model = ml.Transforms.PrepareEcgForDBeta("Ecg", null, sourceRate: 400).Fit(empty);

        using var engine = ml.Model.CreatePredictionEngine<CodeRow, DBetaRow>(model);
        var first = engine.Predict(new CodeRow { Ecg = samples });
        var reversed = engine.Predict(new CodeRow { Ecg = samples.Reverse().ToArray() });

        // The same rows through the data-view path (cursors) of the same model.
        var both = ml.Data.LoadFromEnumerable([new CodeRow { Ecg = samples }, new CodeRow { Ecg = samples.Reverse().ToArray() }]);
        var expected = ml.Data.CreateEnumerable<DBetaRow>(model.Transform(both), reuseRowObject: false).ToList();
        CollectionAssert.AreEqual(expected[0].Ecg, first.Ecg, "PredictionEngine and the cursor run the same code");
        CollectionAssert.AreEqual(expected[1].Ecg, reversed.Ecg, "a second Predict must not reuse the first row's result");
    }

    [TestMethod]
    public void PredictionEngineWorksWhenAnMLNetTransformFollows()
    {
        // ML.NET composes our row mapper with its own (TransformerChain -> CompositeRowToRowMapper).
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.CropOrPadEcg("Fitted", "Ecg", targetLength: 4)
            .Append(ml.Transforms.Concatenate("Features", "Fitted", "Fitted"));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(Array.Empty<SmallRow>()));

        using var engine = ml.Model.CreatePredictionEngine<SmallRow, FeaturesRow>(model);
        var input = Enumerable.Range(0, 72).Select(i => (float)i).ToArray();
        var features = engine.Predict(new SmallRow { Ecg = input }).Features;

        var fitted = Enumerable.Range(0, 12).SelectMany(lead => Enumerable.Range(lead * 6, 4).Select(i => (float)i)).ToArray();
        CollectionAssert.AreEqual(fitted.Concat(fitted).ToArray(), features);
    }

    public sealed class FeaturesRow
    {
        [VectorType(96)]
        public float[] Features { get; set; } = [];
    }

    [TestMethod]
    public void ReorderEcgLeadsPutsNamedLeadsInStandardOrder()
    {
        var ml = new MLContext(seed: 1);
        string[] names = ["V1", "V2", "V3", "V4", "V5", "V6", "I", "II", "III", "aVR", "aVL", "aVF"];
        var input = Enumerable.Range(0, 72).Select(i => (float)i).ToArray();   // lead l holds 6l .. 6l+5
        var data = ml.Data.LoadFromEnumerable([new SmallRow { Ecg = input }]);

        var transformer = (EcgLeadReorderingTransformer)ml.Transforms.ReorderEcgLeads(names).Fit(data);
        var output = ml.Data.CreateEnumerable<SmallRow>(transformer.Transform(data), false).Single().Ecg;

        CollectionAssert.AreEqual(input.Skip(36).Concat(input.Take(36)).ToArray(), output);
        CollectionAssert.AreEqual(new[] { 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5 }, transformer.Order.SourceIndices.ToArray());
    }

    [TestMethod]
    public void ReorderEcgLeadsCanDropExtraLeads()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new FifteenLeadRow { Ecg = Enumerable.Range(0, 15 * 2).Select(i => (float)i).ToArray() }]);
        var options = new EcgLeadReorderingOptions { SourceIndices = Enumerable.Range(0, 12).ToArray(), InputLeadCount = 15 };

        var transformed = ml.Transforms.ReorderEcgLeads(options).Fit(data).Transform(data);

        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 24), transformed.Schema["Ecg"].Type);
        var output = transformed.GetColumn<float[]>("Ecg").Single();
        CollectionAssert.AreEqual(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), output);
    }

    public sealed class FifteenLeadRow
    {
        [VectorType(15 * 2)]
        public float[] Ecg { get; set; } = [];
    }

    [TestMethod]
    public void StandardizeEcgLeadsMatchesNumpy()
    {
        var ml = new MLContext(seed: 1);
        float[] input = NpyFixture.Load("preprocessing", "standardize_12x500_input").AsSingles();
        double[] expected = NpyFixture.Load("preprocessing", "standardize_12x500_output").Values;
        var data = ml.Data.LoadFromEnumerable([new StandardizeRow { Signal = input }]);

        var transformed = ml.Transforms.StandardizeEcgLeads("Z", "Signal").Fit(data).Transform(data);

        var z = transformed.GetColumn<float[]>("Z").Single();
        Assert.IsLessThanOrEqualTo(1e-6, FftResamplerTests.RelativeError(expected, z.Select(v => (double)v).ToArray()));
        CollectionAssert.AreEqual(input, transformed.GetColumn<float[]>("Signal").Single(), "the input column passes through");
    }

    public sealed class StandardizeRow
    {
        [VectorType(12 * 500)]
        public float[] Signal { get; set; } = [];
    }

    [TestMethod]
    public void ResampleEcgAtEqualRatesCopiesAndOptionsReadBack()
    {
        var ml = new MLContext(seed: 1);
        var input = Enumerable.Range(0, 72).Select(i => MathF.Sin(i)).ToArray();
        var data = ml.Data.LoadFromEnumerable([new SmallRow { Ecg = input }]);

        var transformer = (EcgResamplingTransformer)ml.Transforms.ResampleEcg("Out", "Ecg", sourceRate: 500).Fit(data);

        Assert.AreEqual(500, transformer.SourceRate);
        Assert.AreEqual(500, transformer.TargetRate);
        Assert.AreEqual(12, transformer.LeadCount);
        Assert.AreEqual("Ecg", transformer.InputColumnName);
        Assert.AreEqual("Out", transformer.OutputColumnName);
        CollectionAssert.AreEqual(input, transformer.Transform(data).GetColumn<float[]>("Out").Single());
    }

    [TestMethod]
    public void CropOrPadEcgCentredCropsTheMiddle()
    {
        var ml = new MLContext(seed: 1);
        var input = Enumerable.Range(0, 72).Select(i => (float)i).ToArray();
        var data = ml.Data.LoadFromEnumerable([new SmallRow { Ecg = input }]);

        var transformer = (EcgLengthFittingTransformer)ml.Transforms.CropOrPadEcg(targetLength: 2, anchor: EcgLengthAnchor.Center).Fit(data);
        var output = transformer.Transform(data).GetColumn<float[]>("Ecg").Single();

        CollectionAssert.AreEqual(Enumerable.Range(0, 12).SelectMany(l => new float[] { 6 * l + 2, 6 * l + 3 }).ToArray(), output);
        Assert.AreEqual(EcgLengthAnchor.Center, transformer.Anchor);
        Assert.AreEqual(2, transformer.TargetLength);
    }

    [TestMethod]
    public void BadOptionsAreRejectedWhenTheEstimatorIsMade()
    {
        var ml = new MLContext(seed: 1);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ResampleEcg(new EcgResamplingOptions()));   // no SourceRate
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.CropOrPadEcg(targetLength: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.StandardizeEcgLeads(leadCount: 0));
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ReorderEcgLeads(new EcgLeadReorderingOptions()));
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ReorderEcgLeads(["I", "II"]));
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.CropOrPadEcg(outputColumnName: " "));
    }
}
