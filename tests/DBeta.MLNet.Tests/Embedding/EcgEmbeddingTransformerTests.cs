using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Embedding;

[TestClass]
public sealed class EcgEmbeddingTransformerTests
{
    private const int Samples = 1000;
    private const int Width = 12 * Samples;

    public sealed class EcgRow
    {
        public string Id { get; set; } = "";
        public bool Label { get; set; }
        [VectorType(Width)] public float[] Ecg { get; set; } = [];
    }

    public sealed class EmbeddedRow
    {
        public string Id { get; set; } = "";
        public bool Label { get; set; }
        public float[] Embedding { get; set; } = [];
    }

    private static EcgRow[] Rows(int count, int seed = 3)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new EcgRow
        {
            Id = $"ecg-{i}",
            Label = i % 3 == 0,
            Ecg = Enumerable.Range(0, Width).Select(t => (float)(Math.Sin(t * 0.01 * (1 + i % 5)) + 0.1 * random.NextDouble())).ToArray(),
        }).ToArray();
    }

    private static float[][] Direct(EcgRow[] rows)
    {
        using var encoder = new EcgEncoder(TinyModels.EcgModel);
        return rows.Select(r => encoder.Embed(r.Ecg)).ToArray();
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(32)]
    public void BatchedEmbeddingsEqualTheModelRunOnEachEcg(int batchSize)
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(45); // not a multiple of 7 or 32
        var data = ml.Data.LoadFromEnumerable(rows);
        using var transformer = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, batchSize: batchSize).Fit(data);

        var embedded = ml.Data.CreateEnumerable<EmbeddedRow>(transformer.Transform(data), reuseRowObject: false).ToArray();
        var expected = Direct(rows);

        Assert.HasCount(rows.Length, embedded);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.AreEqual(rows[i].Id, embedded[i].Id, "pass-through columns stay with their row");
            Assert.AreEqual(rows[i].Label, embedded[i].Label);
            Assert.HasCount(transformer.EmbeddingDim, embedded[i].Embedding);
            for (int d = 0; d < expected[i].Length; d++)
                Assert.AreEqual(expected[i][d], embedded[i].Embedding[d], 1e-5f * (1 + Math.Abs(expected[i][d])), $"row {i} dim {d}");
        }
    }

    [TestMethod]
    public void PredictionEngineEmbedsSingleEcgsFromSeveralThreads()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(12);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var transformer = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel).Fit(data);
        var expected = Direct(rows);

        var results = new float[rows.Length][];
        Parallel.For(0, 4, worker =>
        {
            // ML.NET's engines dispose their transformer unless told otherwise; these four share one.
            using var engine = ml.Model.CreatePredictionEngine<EcgRow, EmbeddedRow>(transformer, new PredictionEngineOptions { OwnsTransformer = false });
            for (int i = worker; i < rows.Length; i += 4)
                results[i] = engine.Predict(rows[i]).Embedding;
        });

        for (int i = 0; i < rows.Length; i++)
            for (int d = 0; d < expected[i].Length; d++)
                Assert.AreEqual(expected[i][d], results[i][d], 1e-5f * (1 + Math.Abs(expected[i][d])), $"row {i} dim {d}");
    }

    [TestMethod]
    public void AnEngineThatOwnsTheTransformerLeavesItDisposedNotBroken()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(2);
        var transformer = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel).Fit(ml.Data.LoadFromEnumerable(rows));
        using (var engine = ml.Model.CreatePredictionEngine<EcgRow, EmbeddedRow>(transformer))
            Assert.HasCount(32, engine.Predict(rows[0]).Embedding);

        using var late = ml.Model.CreatePredictionEngine<EcgRow, EmbeddedRow>(transformer);
        Assert.ThrowsExactly<ObjectDisposedException>(() => late.Predict(rows[1]));
    }

    [TestMethod]
    public void ProgressIsReportedPerBatch()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(10));
        var reports = new List<EmbeddingProgress>();
        var options = new EcgEmbeddingOptions { ModelPath = TinyModels.EcgModel, BatchSize = 4, Progress = new SynchronousProgress(reports.Add) };
        using var transformer = ml.Transforms.EmbedEcgWithDBeta(options).Fit(data);
        _ = ml.Data.CreateEnumerable<EmbeddedRow>(transformer.Transform(data), reuseRowObject: true).Count();

        CollectionAssert.AreEqual(new long[] { 4, 8, 10 }, reports.Select(r => r.RowsDone).ToArray());
        Assert.IsTrue(reports.All(r => r.TotalRows == 10));
    }

    [TestMethod]
    public void WrongColumnTypeIsNamedWithExpectedAndActualType()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { Ecg = "not an ecg" } });
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel).Fit(data));
        StringAssert.Contains(error.Message, "input column 'Ecg'");
        StringAssert.Contains(error.Message, "vector of Single");
        StringAssert.Contains(error.Message, "String");

        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, inputColumnName: "Signal").GetOutputSchema(new SchemaShape([])));
        StringAssert.Contains(missing.Message, "'Signal'");
    }

    [TestMethod]
    public void VectorOfTheWrongLengthIsRejectedBeforeAnyRowIsRead()
    {
        var ml = new MLContext(seed: 1);
        var definition = SchemaDefinition.Create(typeof(EcgRow));
        definition[nameof(EcgRow.Ecg)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 11 * Samples);
        var data = ml.Data.LoadFromEnumerable(Array.Empty<EcgRow>(), definition);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel).Fit(data));
        StringAssert.Contains(error.Message, "multiple of 12");
        StringAssert.Contains(error.Message, "11000");
    }

    [TestMethod]
    public void NaNInAnEcgIsReportedWithItsRow()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(5);
        rows[3].Ecg[100] = float.NaN;
        var data = ml.Data.LoadFromEnumerable(rows);
        using var transformer = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, batchSize: 2).Fit(data);
        var error = Assert.ThrowsExactly<EcgDataException>(() => ml.Data.CreateEnumerable<EmbeddedRow>(transformer.Transform(data), false).ToArray());
        Assert.AreEqual("3", error.Record);
        StringAssert.Contains(error.Message, "NaN");
    }

    [TestMethod]
    public void GpuRequestFallsBackToTheCpuAndSaysSoOnce()
    {
        var notes = new List<string>();
        using var encoder = new EcgEncoder(TinyModels.EcgModel, new OnnxExecutionOptions { GpuDeviceId = 0, Log = notes.Add });
        if (encoder.ExecutionProvider.StartsWith("CUDA", StringComparison.Ordinal))
            Assert.Inconclusive("a CUDA device is present here: the fallback path cannot be exercised");

        Assert.AreEqual("CPU", encoder.ExecutionProvider);
        Assert.IsNotNull(encoder.FallbackReason);
        Assert.HasCount(1, notes);
        StringAssert.Contains(notes[0], "CUDA device 0 unavailable");
        Assert.HasCount(32, encoder.Embed(Rows(1)[0].Ecg), "the CPU session still embeds");

        var strict = Assert.ThrowsExactly<ModelFormatException>(() =>
            new EcgEncoder(TinyModels.EcgModel, new OnnxExecutionOptions { GpuDeviceId = 0, FallbackToCpu = false }));
        StringAssert.Contains(strict.Message, "CUDA device 0");
    }

    [TestMethod]
    public void SavedTransformerLoadsAsMLNetsOnnxTransformerWithTheSameColumnAndEmbeddings()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(9);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var transformer = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, batchSize: 4).Fit(data);
        using var temp = new TempFolder();
        ml.Model.Save(transformer, data.Schema, temp.File("ecg.zip"));
        Assert.AreEqual(Samples, transformer.FittedSampleCount);

        var loaded = new MLContext(seed: 2).Model.Load(temp.File("ecg.zip"), out var inputSchema);
        Assert.AreEqual("Microsoft.ML.Transforms.Onnx.OnnxTransformer", loaded.GetType().FullName);
        Assert.AreEqual(data.Schema["Ecg"].Type, inputSchema["Ecg"].Type);
        var loadedSchema = loaded.GetOutputSchema(data.Schema);
        Assert.AreEqual(transformer.GetOutputSchema(data.Schema)["Embedding"].Type, loadedSchema["Embedding"].Type, "Vector<Single, 32>, not [1, 32]");

        var batched = ml.Data.CreateEnumerable<EmbeddedRow>(transformer.Transform(data), reuseRowObject: false).ToArray();
        var reloaded = ml.Data.CreateEnumerable<EmbeddedRow>(loaded.Transform(data), reuseRowObject: false).ToArray();
        using var engine = ml.Model.CreatePredictionEngine<EcgRow, EmbeddedRow>(loaded);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.AreEqual(rows[i].Id, reloaded[i].Id);
            CollectionAssert.AreEqual(batched[i].Embedding, reloaded[i].Embedding, $"row {i}: the batched transformer and the loaded one agree bit for bit");
            CollectionAssert.AreEqual(batched[i].Embedding, engine.Predict(rows[i]).Embedding, $"row {i} through a PredictionEngine on the loaded model");
        }
        (loaded as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void ATransformerWritingOverItsInputColumnCannotBeSaved()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(1));
        using var transformer = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, outputColumnName: "Ecg").Fit(data);
        using var temp = new TempFolder();
        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(transformer, data.Schema, temp.File("x.zip")));
        StringAssert.Contains(error.Message, "OutputColumnName");
    }

    [TestMethod]
    public void MissingModelFileIsNamed()
    {
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => new EcgEncoder("/nonexistent/dbeta-ecg.onnx"));
        StringAssert.Contains(error.Message, "/nonexistent/dbeta-ecg.onnx");
    }

    private sealed class SynchronousProgress(Action<EmbeddingProgress> report) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => report(value);
    }
}
