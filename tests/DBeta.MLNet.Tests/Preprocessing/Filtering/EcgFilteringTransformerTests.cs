using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Preprocessing.Filtering;

[TestClass]
public sealed class EcgFilteringTransformerTests
{
    public sealed class RecordRow
    {
        [VectorType(12 * 1250)]
        public float[] Ecg { get; set; } = [];
    }

    public sealed class ShortRow
    {
        [VectorType(12 * 30)]
        public float[] Ecg { get; set; } = [];
    }

    /// <summary>A view whose Ecg column carries a SampleRate annotation, as the ECG loaders write it.</summary>
    private static IDataView WithRate<TRow>(MLContext ml, TRow[] rows, double rate) where TRow : class
    {
        var definition = SchemaDefinition.Create(typeof(TRow));
        definition["Ecg"].AddAnnotation(DBetaColumnNames.SampleRateAnnotation, rate, NumberDataViewType.Double);
        return ml.Data.LoadFromEnumerable(rows, definition);
    }

    private static (float[] Input, double[] Expected) Record()
    {
        if (!FilterFixtures.HasRecord) Assert.Inconclusive("the fixtures were made without ../shared/data/challenge2021");
        return (FilterFixtures.Load("record_E07500_12x1250_input").AsSingles(), FilterFixtures.Load("record_E07500_12x1250_clean").Values);
    }

    [TestMethod]
    public void FilterEcgCleansEachLeadOfARealRecordAtTheAnnotatedRate()
    {
        var ml = new MLContext(seed: 1);
        var (input, expected) = Record();
        var data = WithRate(ml, [new RecordRow { Ecg = input }], 500);

        var filtered = ml.Transforms.FilterEcg().Fit(data).Transform(data);
        float[] output = filtered.GetColumn<float[]>("Ecg").Single();

        // float32 in and out, double inside: one rounding to float on the way out. Measured 4.1e-8; ten times that.
        double error = FftResamplerTests.RelativeError(expected, output.Select(v => (double)v).ToArray());
        Console.WriteLine($"E07500 12 x 1250 through FilterEcg: relative error {error:E2}");
        Assert.IsLessThanOrEqualTo(5e-7, error, $"{error:E2}");
        Assert.AreEqual(500.0, SampleRateOf(filtered.Schema["Ecg"]), "the output keeps the input's SampleRate annotation");
    }

    [TestMethod]
    public void AnExplicitRateWinsOverTheAnnotation()
    {
        var ml = new MLContext(seed: 1);
        var (input, expected) = Record();
        var data = WithRate(ml, [new RecordRow { Ecg = input }], 250);   // a wrong annotation, overridden

        var filtered = ml.Transforms.FilterEcg(new EcgFilteringOptions { SampleRate = 500, OutputColumnName = "Clean", InputColumnName = "Ecg" })
            .Fit(data).Transform(data);

        double error = FftResamplerTests.RelativeError(expected, filtered.GetColumn<float[]>("Clean").Single().Select(v => (double)v).ToArray());
        Assert.IsLessThanOrEqualTo(5e-7, error, $"{error:E2}");
        CollectionAssert.AreEqual(input, filtered.GetColumn<float[]>("Ecg").Single(), "the input column stays as it was");
    }

    [TestMethod]
    public void AColumnWithoutARateNeedsOneInTheOptions()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Array.Empty<RecordRow>());

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.FilterEcg().Fit(data));
        StringAssert.StartsWith(error.Message, "column 'Ecg' (Vector<Single, 15000>, 1250 samples per lead): the filter needs the sampling rate and the column has no 'SampleRate' annotation (a Double): set EcgFilteringOptions.SampleRate");
        ml.Transforms.FilterEcg(sampleRate: 500).Fit(data);
    }

    [TestMethod]
    public void RecordsShorterThanThePaddingAreASchemaErrorNamingLengthAndMinimum()
    {
        var ml = new MLContext(seed: 1);
        var data = WithRate(ml, Array.Empty<ShortRow>(), 500);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.FilterEcg().Fit(data));
        StringAssert.StartsWith(error.Message,
            "column 'Ecg' (Vector<Single, 360>, 30 samples per lead): 30 samples per lead are too few for the NeuroKit filter at 500 Hz: it needs at least 31");
        ml.Transforms.FilterEcg().Fit(WithRate(ml, Array.Empty<ShortRow>(), 250));   // 19 samples suffice at 250 Hz
    }

    [TestMethod]
    public void OptionsOutsideNeuroKitsRangeAreRejected()
    {
        var ml = new MLContext(seed: 1);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.FilterEcg(powerlineFrequency: 55));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.FilterEcg(sampleRate: -1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.FilterEcg(new EcgFilteringOptions { Kind = (EcgFilterKind)7 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.FilterEcg(new EcgFilteringOptions { HighPassCutoff = 300, SampleRate = 500 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.FilterEcg(new EcgFilteringOptions { HighPassCutoff = 0 }));
    }

    [TestMethod]
    public void NaNSamplesAreRefusedNotSmearedOverTheLead()
    {
        var ml = new MLContext(seed: 1);
        var (input, _) = Record();
        input[3 * 1250 + 17] = float.NaN;
        var data = WithRate(ml, [new RecordRow { Ecg = input }], 500);

        var filtered = ml.Transforms.FilterEcg().Fit(data).Transform(data);

        var error = Assert.ThrowsExactly<EcgDataException>(() => filtered.GetColumn<float[]>("Ecg").ToList());
        StringAssert.Contains(error.Message, "lead aVR sample 17 is NaN");
    }

    private static double SampleRateOf(DataViewSchema.Column column)
    {
        double rate = 0;
        column.Annotations.GetValue(DBetaColumnNames.SampleRateAnnotation, ref rate);
        return rate;
    }
}
