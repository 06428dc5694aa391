using System.Globalization;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// Numbers printed beside BenchmarkDotNet's tables, computed once in the host process: the machine's load, the quality of
/// the optimised and int8 encoders against the unoptimised float32 graph, and probe AUROC on float32 vs int8 embeddings.
/// </summary>
internal static class CompanionTables
{
    /// <summary>The 1, 5 and 15 minute load averages, or a note where there is none.</summary>
    public static string LoadAverage() => DBeta.MLNet.LoadAverage.Read()?.ToString() ?? "n/a";

    /// <summary>
    /// On <see cref="EmbeddingPathBenchmarks.Ecgs"/> prepared synthetic ECGs: the encoder's session (all optimisations but
    /// SkipLayerNorm fusion) and the int8 model against the float32 graph run without any ONNX Runtime optimisation.
    /// </summary>
    public static string EmbeddingQuality()
    {
        const int n = EmbeddingPathBenchmarks.Ecgs;
        string fp32 = BenchmarkData.Model(EcgModelPrecision.Float32);
        var ecgs = BenchmarkData.PreparedEcgs(n);
        float[] reference;
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL })
        using (var plain = new InferenceSession(fp32, options))
        using (var input = OrtValue.CreateTensorValueFromMemory(ecgs, [n, DBetaConfig.LeadCount, DBetaConfig.SampleCount]))
        using (var results = plain.Run(new RunOptions(), [DBetaEcgGraph.InputName], [input], [DBetaEcgGraph.OutputName]))
            reference = results[0].GetTensorDataAsSpan<float>().ToArray();
        float[] Embed(string model)
        {
            using var encoder = new EcgEncoder(model);
            var output = new float[n * encoder.EmbeddingDim];
            encoder.Embed(ecgs, n, DBetaConfig.SampleCount, output);
            return output;
        }
        var optimised = Embed(fp32);
        var int8 = Embed(BenchmarkData.Model(EcgModelPrecision.Int8));
        int dim = reference.Length / n;
        double maxDiff = 0, maxAbs = 0, minCos = 1, sumCos = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(optimised[i] - reference[i]));
            maxAbs = Math.Max(maxAbs, Math.Abs(reference[i]));
        }
        for (int e = 0; e < n; e++)
        {
            double cos = Cosine(reference.AsSpan(e * dim, dim), int8.AsSpan(e * dim, dim));
            minCos = Math.Min(minCos, cos);
            sumCos += cos;
        }
        return string.Create(CultureInfo.InvariantCulture, $"""
            | Check ({n} synthetic ECGs, D-BETA size) | Value |
            |---|---|
            | float32, encoder session vs unoptimised graph: max abs diff / max abs | {maxDiff / maxAbs:E2} |
            | int8 vs unoptimised float32: cosine, min / mean | {minCos:F5} / {sumCos / n:F5} |
            """);
    }

    /// <summary>
    /// Macro AUROC of each head on the synthetic set's held-out rows, float32 vs int8 embeddings of the same ECGs (the
    /// short mode leaves out FastTree and FastForest, whose training takes minutes here).
    /// </summary>
    public static string ProbeAurocFp32VsInt8()
    {
        var (train8, test8) = BenchmarkData.SyntheticEmbeddings(EcgModelPrecision.Int8);
        var heads = Enum.GetValues<BenchmarkHead>().Where(h => !BenchmarkData.Short || h is not (BenchmarkHead.FastTree or BenchmarkHead.FastForest));
        var table = new StringBuilder();
        table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| Head (synthetic, {train8.RowCount} train / {test8.RowCount} test ECGs) | AUROC float32 | AUROC int8 | int8 - float32 |"));
        table.AppendLine("|---|---|---|---|");
        foreach (var head in heads)
        {
            double a = AurocColumn.Of(head, "synthetic"), b = ProbeTraining.MacroAuroc(ProbeTraining.Train(head, train8), test8);
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {head} | {a:F4} | {b:F4} | {b - a:+0.0000;-0.0000;0.0000} |"));
        }
        return table.ToString();
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
