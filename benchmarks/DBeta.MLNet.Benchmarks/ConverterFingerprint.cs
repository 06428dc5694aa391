using System.Security.Cryptography;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// A short hash of what the converter writes now: the tiny float32 and int8 ECG models' sizes and their embeddings of a
/// fixed input, bit for bit. Cached models and embeddings live in a folder named by it, so a changed converter never
/// benchmarks a model written by an older one. Computed once per run: BenchmarkDotNet's child processes inherit it
/// through <c>DBETA_BENCH_CONVERTER_FINGERPRINT</c>.
/// </summary>
internal static class ConverterFingerprint
{
    private const string Variable = "DBETA_BENCH_CONVERTER_FINGERPRINT";
    private static readonly Lazy<string> Hash = new(() =>
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } inherited) return inherited;
        string hash = Compute();
        Environment.SetEnvironmentVariable(Variable, hash);
        return hash;
    });

    /// <summary>12 hex digits.</summary>
    public static string Value => Hash.Value;

    private static string Compute()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dbeta-fingerprint-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var weights = DBetaModels.CreateRandom(DBetaConfig.Tiny, seed: 1);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            const int samples = 1000;
            var ecg = new float[DBetaConfig.LeadCount * samples];
            for (int i = 0; i < ecg.Length; i++) ecg[i] = MathF.Sin(i * 0.01f) + 0.1f * (i % 7);
            foreach (var precision in new[] { EcgModelPrecision.Float32, EcgModelPrecision.Int8 })
            {
                string path = Path.Combine(folder, $"{precision}.onnx");
                DBetaConverter.WriteEcgModel(weights, DBetaConfig.Tiny, path, precision);
                using var encoder = new EcgEncoder(path, new OnnxExecutionOptions { IntraOpThreads = 1 });
                var embedding = new float[encoder.EmbeddingDim];
                encoder.Embed(ecg, 1, samples, embedding);
                hash.AppendData(BitConverter.GetBytes(new FileInfo(path).Length));
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(embedding.AsSpan()));
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
