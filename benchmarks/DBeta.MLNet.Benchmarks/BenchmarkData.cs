using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// The models and data every benchmark shares, written once into an artifacts folder and reused by later runs:
/// D-BETA-size random-weight encoders (float32 and int8, seed 42; float32 also in standard ONNX operators only), and synthetic ECG sets embedded once and cached as
/// .npy + labels CSV. Sizes shrink in the short mode (<c>--short</c>, environment variable <c>DBETA_BENCH_SHORT=1</c>).
/// </summary>
internal static class BenchmarkData
{
    /// <summary>Set by <c>--short</c> (and inherited by BenchmarkDotNet's child processes): fewer ECGs and rows.</summary>
    public static bool Short => Environment.GetEnvironmentVariable("DBETA_BENCH_SHORT") == "1";

    /// <summary>
    /// <c>DBETA_BENCH_ARTIFACTS</c>, or <c>dbeta-bench</c> under the temp folder, then a subfolder named by the
    /// <see cref="ConverterFingerprint"/>.
    /// </summary>
    public static string Folder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("DBETA_BENCH_ARTIFACTS") is { Length: > 0 } folder ? folder : Path.Combine(Path.GetTempPath(), "dbeta-bench"),
        "converter-" + ConverterFingerprint.Value);

    /// <summary>Synthetic ECGs the probes train on and are tested on.</summary>
    public static (int Train, int Test) ProbeRows => Short ? (300, 200) : (1000, 500);

    /// <summary>
    /// The D-BETA-size ECG encoder with random weights (seed 42) in the given precision and operator set, written once:
    /// <see cref="EcgGraphOperators.Standard"/> is the straightforward-export form, the baseline of the embedding benchmarks.
    /// </summary>
    public static string Model(EcgModelPrecision precision, EcgGraphOperators operators = EcgGraphOperators.OnnxRuntime)
    {
        string suffix = (precision, operators) switch
        {
            (EcgModelPrecision.Int8, _) => "-int8",
            (_, EcgGraphOperators.Standard) => "-standard",
            _ => "",
        };
        string path = Path.Combine(Folder, $"dbeta-ecg-random42{suffix}.onnx");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Folder);
            Console.WriteLine($"// writing {path}");
            DBetaConverter.WriteEcgModel(DBetaModels.CreateRandom(DBetaConfig.Default, 42), DBetaConfig.Default, path, precision, operators);
        }
        return path;
    }

    /// <summary><paramref name="count"/> synthetic CODE ECGs (seed 7), preprocessed to 12 x 5000, back to back.</summary>
    public static float[] PreparedEcgs(int count)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadSyntheticEcgs(count, seed: 7);
        var prepared = ml.Transforms.PrepareEcgForDBeta(DBetaConfig.CodeSampleRate).Fit(data).Transform(data);
        const int width = DBetaConfig.LeadCount * DBetaConfig.SampleCount;
        var values = new float[count * width];
        using var cursor = prepared.GetRowCursor([prepared.Schema["Ecg"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(prepared.Schema["Ecg"]);
        VBuffer<float> row = default;
        for (int i = 0; cursor.MoveNext(); i++)
        {
            getter(ref row);
            row.CopyTo(values.AsSpan(i * width, width));
        }
        return values;
    }

    /// <summary>
    /// The synthetic probe set (<see cref="ProbeRows"/>, train seed 42, test seed 43) embedded by the <paramref name="precision"/>
    /// model, cached as <c>.npy</c> + labels CSV; returns (train, test).
    /// </summary>
    public static (EmbeddingDataset Train, EmbeddingDataset Test) SyntheticEmbeddings(EcgModelPrecision precision)
    {
        var (train, test) = ProbeRows;
        return (Cached(precision, train, 42), Cached(precision, test, 43));
    }

    /// <summary>
    /// Real embeddings given by the user: <c>DBETA_BENCH_EMBEDDINGS</c> (train .npy), <c>DBETA_BENCH_LABELS</c> (its labels
    /// CSV) and optionally <c>DBETA_BENCH_TEST_EMBEDDINGS</c> / <c>DBETA_BENCH_TEST_LABELS</c>; without a test set the
    /// training rows are split 70/30. Null when not given.
    /// </summary>
    public static (EmbeddingDataset Train, EmbeddingDataset Test)? RealEmbeddings()
    {
        string? npy = Environment.GetEnvironmentVariable("DBETA_BENCH_EMBEDDINGS"), csv = Environment.GetEnvironmentVariable("DBETA_BENCH_LABELS");
        if (string.IsNullOrEmpty(npy) || string.IsNullOrEmpty(csv)) return null;
        var all = EmbeddingDataset.Load(npy, csv);
        string? testNpy = Environment.GetEnvironmentVariable("DBETA_BENCH_TEST_EMBEDDINGS"), testCsv = Environment.GetEnvironmentVariable("DBETA_BENCH_TEST_LABELS");
        if (!string.IsNullOrEmpty(testNpy) && !string.IsNullOrEmpty(testCsv)) return (all, EmbeddingDataset.Load(testNpy, testCsv));
        int cut = all.RowCount * 7 / 10;
        return (Rows(all, 0, cut), Rows(all, cut, all.RowCount));
    }

    private static EmbeddingDataset Rows(EmbeddingDataset data, int from, int to)
    {
        var column = data.Schema[data.EmbeddingColumnName];
        var labelColumns = data.LabelNames.Select(n => data.Schema[n]).ToArray();
        var embeddings = new float[(to - from) * data.Dimension];
        var labels = data.LabelNames.Select(_ => new bool[to - from]).ToArray();
        using var cursor = data.GetRowCursor(labelColumns.Append(column));
        var embedding = cursor.GetGetter<VBuffer<float>>(column);
        var getters = labelColumns.Select(c => cursor.GetGetter<bool>(c)).ToArray();
        VBuffer<float> row = default;
        for (int r = 0; cursor.MoveNext(); r++)
        {
            if (r < from || r >= to) continue;
            embedding(ref row);
            row.CopyTo(embeddings.AsSpan((r - from) * data.Dimension, data.Dimension));
            for (int j = 0; j < getters.Length; j++) getters[j](ref labels[j][r - from]);
        }
        return EmbeddingDataset.Create(embeddings, data.Dimension, data.LabelNames, labels);
    }

    private static EmbeddingDataset Cached(EcgModelPrecision precision, int count, long seed)
    {
        string stem = Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture,
            $"synthetic-{count}-seed{seed}-{(precision == EcgModelPrecision.Int8 ? "int8" : "fp32")}"));
        string npy = stem + ".npy", csv = stem + ".csv";
        if (!File.Exists(npy) || !File.Exists(csv)) Embed(Model(precision), count, seed, npy, csv);
        return EmbeddingDataset.Load(npy, csv);
    }

    private static void Embed(string model, int count, long seed, string npy, string csv)
    {
        Console.WriteLine($"// embedding {count} synthetic ECGs (seed {seed}) with {Path.GetFileName(model)} into {npy} (once; later runs reuse it)");
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadSyntheticEcgs(count, seed);
        var embedded = ml.Transforms.PrepareEcgForDBeta(DBetaConfig.CodeSampleRate)
            .Append(ml.Transforms.EmbedEcgWithDBeta(new EcgEmbeddingOptions { ModelPath = model, IntraOpThreads = Environment.ProcessorCount }))
            .Fit(data).Transform(data);
        var columns = CodeLabels.Names.Select(n => embedded.Schema[n]).Append(embedded.Schema["Embedding"]).ToArray();
        var values = new List<float>();
        var labels = new List<IReadOnlyList<bool>>();
        using (var cursor = embedded.GetRowCursor(columns))
        {
            var embedding = cursor.GetGetter<VBuffer<float>>(embedded.Schema["Embedding"]);
            var getters = CodeLabels.Names.Select(n => cursor.GetGetter<bool>(embedded.Schema[n])).ToArray();
            VBuffer<float> row = default;
            while (cursor.MoveNext())
            {
                embedding(ref row);
                values.AddRange(row.DenseValues());
                labels.Add(getters.Select(g => { bool v = false; g(ref v); return v; }).ToArray());
            }
        }
        Directory.CreateDirectory(Folder);
        NpyWriter.Write(npy, values.ToArray(), count, values.Count / count);
        CodeLabelsCsvWriter.Write(csv, labels);
    }
}
