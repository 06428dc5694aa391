using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion;

/// <summary>
/// What tests/reference/make_dbeta_reference.py wrote (tiny D-BETA checkpoints, config, inputs and PyTorch's
/// embeddings) and make_dbeta_full_features_reference.py wrote (an ECG encoder with D-BETA's full-size features), the
/// models converted from the tiny ones once per test run, and ways to run those models.
/// </summary>
internal static class DBetaReference
{
    public static string Fixture(string name) => RepoPaths.Fixture("onnx", name);

    /// <summary>
    /// Relative error allowed between a converted ECG encoder and PyTorch: about 10x the largest measured, 2.9e-7 to 4.4e-7
    /// over the fused, standard-operator, fp16 and renamed-key models at 1234 to 6000 samples.
    /// </summary>
    public const double EcgTolerance = 4e-6;

    /// <summary>Relative error allowed between a converted text encoder and PyTorch: about 10x the measured 2.8e-7 to 3.5e-7.</summary>
    public const double TextTolerance = 3e-6;

    private static readonly Lazy<JsonElement> Json = new(() => ReadJson("reference.json"));

    private static readonly Lazy<JsonElement> FullFeaturesJson = new(() => ReadJson("reference-full-features.json"));

    private static readonly Lazy<string> ConvertedFolder = new(() =>
    {
        string folder = Path.Combine(Path.GetTempPath(), "dbeta-tests", "reference-models-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        };
        foreach (string variant in new[] { "fp32", "fp16" })
            DBetaConverter.Convert(Fixture($"dbeta-tiny-{variant}.pt"), Fixture("config.json"), Path.Combine(folder, variant), new DBetaConversionOptions { Int8Ecg = variant == "fp32" });
        return folder;
    });

    /// <summary>The folder holding <c>fp32/</c> (with the int8 ECG model too) and <c>fp16/</c> converted from the fixture checkpoints.</summary>
    public static string Converted(string variant) => Path.Combine(ConvertedFolder.Value, variant);

    /// <summary>PyTorch's output <paramref name="name"/> (e.g. <c>ecg_5000_batch3</c>) for the fp32 or fp16 weights, [rows, dim].</summary>
    public static float[][] Expected(string variant, string name) => Matrix(Json.Value.GetProperty(variant).GetProperty(name));

    /// <summary>PyTorch's output <paramref name="name"/> (e.g. <c>ecg_5000_batch3</c>) for the full-features checkpoint, [rows, dim].</summary>
    public static float[][] ExpectedFullFeatures(string name) => Matrix(FullFeaturesJson.Value.GetProperty(name));

    /// <summary>The three token-id sequences (lengths 7, 40, 150, each ending with &lt;/s&gt; = 1).</summary>
    public static long[][] TextIds(string name = "text_ids") =>
        Json.Value.GetProperty(name).EnumerateArray().Select(s => s.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();

    /// <summary>A top-level [rows, dim] output of reference.json.</summary>
    public static float[][] ExpectedTopLevel(string name) => Matrix(Json.Value.GetProperty(name));

    /// <summary>T5 buckets for relative positions <c>-300..300</c> as PyTorch computes them.</summary>
    public static (int From, int[] Buckets) T5Buckets() =>
        (Json.Value.GetProperty("t5_bucket_relative_from").GetInt32(),
         Json.Value.GetProperty("t5_buckets").EnumerateArray().Select(v => v.GetInt32()).ToArray());

    /// <summary>The script's deterministic ECG input, the same formula in float64, rounded to float32: [batch, 12, length].</summary>
    public static DenseTensor<float> EcgInput(int batch, int length)
    {
        var x = new DenseTensor<float>([batch, DBetaConfig.LeadCount, length]);
        for (int b = 0; b < batch; b++)
            for (int lead = 0; lead < DBetaConfig.LeadCount; lead++)
                for (int t = 0; t < length; t++)
                    x[b, lead, t] = (float)((0.5 + 0.1 * lead) * Math.Sin(2 * Math.PI * (1.0 + 0.37 * lead + 0.11 * b) * t / 500.0 + 0.5 * lead + b)
                        + 0.3 * Math.Cos(2 * Math.PI * 7.3 * t / 500.0 + b * lead));
        return x;
    }

    public static float[][] RunEcg(InferenceSession session, DenseTensor<float> ecg)
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(DBetaEcgGraph.InputName, ecg)]);
        return Rows(results.Single().AsTensor<float>());
    }

    /// <summary>Runs the text model on right-padded sequences (pad id 0, mask 0).</summary>
    public static float[][] RunText(InferenceSession session, IReadOnlyList<long[]> sequences)
    {
        int s = sequences.Max(x => x.Length);
        var ids = new DenseTensor<long>([sequences.Count, s]);
        var mask = new DenseTensor<long>([sequences.Count, s]);
        for (int b = 0; b < sequences.Count; b++)
            for (int t = 0; t < sequences[b].Length; t++)
            {
                ids[b, t] = sequences[b][t];
                mask[b, t] = 1;
            }
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor(DBetaTextGraph.InputIdsName, ids),
            NamedOnnxValue.CreateFromTensor(DBetaTextGraph.AttentionMaskName, mask)]);
        return Rows(results.Single().AsTensor<float>());
    }

    /// <summary>
    /// Asserts that <see cref="RelativeError"/> of <paramref name="actual"/> against <paramref name="expected"/> is at most
    /// <paramref name="bound"/>; the message gives what was compared, the measured error and the bound.
    /// </summary>
    public static void AssertClose(float[][] actual, float[][] expected, double bound, string what)
    {
        double error = RelativeError(actual, expected);
        Assert.IsLessThanOrEqualTo(bound, error, $"{what}: relative error {error:E2}, bound {bound:E0}");
    }

    /// <summary>Asserts that the cosine of <paramref name="actual"/> and <paramref name="expected"/> is at least <paramref name="bound"/>, both in the message.</summary>
    public static void AssertCosineAtLeast(float[] actual, float[] expected, double bound, string what)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            dot += (double)actual[i] * expected[i];
            na += (double)actual[i] * actual[i];
            nb += (double)expected[i] * expected[i];
        }
        double cosine = dot / Math.Sqrt(na * nb);
        Assert.IsGreaterThanOrEqualTo(bound, cosine, $"{what}: cosine {cosine:F7}, bound {bound}");
    }

    /// <summary>Embeds the script's ECGs [batch, 12, length] through <see cref="EcgEncoder"/> (which runs an int8 model one ECG per call).</summary>
    public static float[][] EmbedWithEncoder(string model, int batch, int length)
    {
        using var encoder = new EcgEncoder(model);
        var output = new float[batch * encoder.EmbeddingDim];
        encoder.Embed(EcgInput(batch, length).ToArray(), batch, length, output);
        return output.Chunk(encoder.EmbeddingDim).ToArray();
    }

    /// <summary>max |actual - expected| / max |expected| over all rows.</summary>
    public static double RelativeError(float[][] actual, float[][] expected)
    {
        Assert.AreEqual(expected.Length, actual.Length, "rows");
        double maxDiff = 0, maxAbs = 0;
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.AreEqual(expected[r].Length, actual[r].Length, "embedding width");
            for (int i = 0; i < expected[r].Length; i++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(actual[r][i] - expected[r][i]));
                maxAbs = Math.Max(maxAbs, Math.Abs(expected[r][i]));
            }
        }
        return maxDiff / maxAbs;
    }

    private static JsonElement ReadJson(string name) => JsonDocument.Parse(File.ReadAllText(Fixture(name))).RootElement;

    private static float[][] Matrix(JsonElement rows) =>
        rows.EnumerateArray().Select(row => row.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();

    private static float[][] Rows(Tensor<float> t)
    {
        int rows = t.Dimensions[0], cols = t.Dimensions[1];
        var data = t.ToArray();
        return Enumerable.Range(0, rows).Select(r => data.AsSpan(r * cols, cols).ToArray()).ToArray();
    }
}
