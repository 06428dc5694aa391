using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DBeta.MLNet;

/// <summary>Loads a freshly written encoder in ONNX Runtime and runs one small input through it.</summary>
internal static class OnnxModelCheck
{
    /// <summary>Throws <see cref="ModelFormatException"/> unless the model loads, has the expected signature and gives finite output.</summary>
    public static void Verify(string path, string kind, int embeddingDim)
    {
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };
            using var session = new InferenceSession(path, options);
            float[] output = kind == DBetaEcgGraph.Kind ? RunEcg(session) : RunText(session);
            if (output.Length != embeddingDim)
                throw new ModelFormatException(path, $"check run gave {output.Length} values, expected {embeddingDim}");
            if (output.Any(v => !float.IsFinite(v)))
                throw new ModelFormatException(path, "check run gave NaN or infinite values; the weights are unusable");
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFormatException(path, "ONNX Runtime rejected the written model: " + e.Message, e);
        }
    }

    private static float[] RunEcg(InferenceSession session)
    {
        const int T = DBetaConfig.SampleCount;
        var ecg = new DenseTensor<float>([1, DBetaConfig.LeadCount, T]);
        for (int l = 0; l < DBetaConfig.LeadCount; l++)
            for (int t = 0; t < T; t++)
                ecg[0, l, t] = MathF.Sin(0.05f * t * (1 + l)); // any non-constant signal
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(DBetaEcgGraph.InputName, ecg)]);
        return results.Single(r => r.Name == DBetaEcgGraph.OutputName).AsTensor<float>().ToArray();
    }

    private static float[] RunText(InferenceSession session)
    {
        var ids = new DenseTensor<long>(new long[] { 0, 1 }, [1, 2]);
        var mask = new DenseTensor<long>(new long[] { 1, 1 }, [1, 2]);
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor(DBetaTextGraph.InputIdsName, ids),
            NamedOnnxValue.CreateFromTensor(DBetaTextGraph.AttentionMaskName, mask)]);
        return results.Single(r => r.Name == DBetaTextGraph.OutputName).AsTensor<float>().ToArray();
    }
}
