using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DBeta.MLNet;

/// <summary>
/// The D-BETA text encoder (Flan-T5 + projection + pooler) in ONNX Runtime: token batches in, <c>[D]</c> embeddings
/// out. One instance holds one native session; share it between threads (it is thread-safe) and dispose it once.
/// </summary>
internal sealed class TextEncoder : IDisposable
{
    private readonly OnnxEncoderSession _session;
    private readonly string _idsName;
    private readonly string _maskName;
    private readonly string _outputName;

    /// <summary>Width of one embedding, read from the model.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The model file.</summary>
    public string ModelPath => _session.ModelPath;

    /// <summary>Where the model runs: <c>CPU</c> or <c>CUDA:N</c>.</summary>
    public string ExecutionProvider => _session.ExecutionProvider;

    /// <summary>Opens <paramref name="modelPath"/> (a text model written by the converter) and checks its inputs and output.</summary>
    public TextEncoder(string modelPath, OnnxExecutionOptions? options = null)
    {
        _session = new OnnxEncoderSession(modelPath, options ?? new OnnxExecutionOptions());
        try
        {
            var inputs = _session.InputMetadata;
            if (inputs.Count != 2 || inputs.Values.Any(i => i.ElementDataType != TensorElementType.Int64 || i.Dimensions.Length != 2))
                throw new ModelFormatException(modelPath, $"expected two int64 [batch, sequence] inputs (token ids and attention mask), found {Describe(inputs)}: is this a dbeta-text.onnx?");
            _idsName = inputs.Keys.FirstOrDefault(k => k.Contains("ids", StringComparison.OrdinalIgnoreCase)) ?? inputs.Keys.First();
            _maskName = inputs.Keys.First(k => k != _idsName);
            if (_session.OutputMetadata.Count == 0)
                throw new ModelFormatException(modelPath, "has no outputs; expected an embedding [batch, D]: is this a dbeta-text.onnx?");
            (_outputName, var output) = _session.OutputMetadata.First();
            if (output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != 2 || output.Dimensions[1] <= 0)
                throw new ModelFormatException(modelPath, $"output '{_outputName}' must be float [batch, D] with a known D, found {output.ElementDataType} [{string.Join(", ", output.Dimensions)}]");
            EmbeddingDim = output.Dimensions[1];
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> inputs) =>
        string.Join(", ", inputs.Select(i => $"'{i.Key}' {i.Value.ElementDataType} of rank {i.Value.Dimensions.Length}"));

    /// <summary>Embeds a right-padded token batch; returns <c>BatchSize * EmbeddingDim</c> values, row by row.</summary>
    public float[] Embed(TextTokenBatch batch)
    {
        var result = new float[batch.BatchSize * EmbeddingDim];
        Embed(batch, result);
        return result;
    }

    /// <summary>Embeds a right-padded token batch into <paramref name="embeddings"/> (<c>BatchSize * EmbeddingDim</c> values).</summary>
    /// <exception cref="ModelFormatException">ONNX Runtime cannot run the model, or it gives NaN or infinite embeddings.</exception>
    public void Embed(TextTokenBatch batch, Memory<float> embeddings)
    {
        if (embeddings.Length < batch.BatchSize * EmbeddingDim)
            throw new ArgumentException($"{batch.BatchSize} embeddings need {batch.BatchSize * EmbeddingDim} values, got {embeddings.Length}", nameof(embeddings));
        long[] shape = batch.Shape;
        using var ids = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.InputIds.AsMemory(), shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.AttentionMask.AsMemory(), shape);
        using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, embeddings[..(batch.BatchSize * EmbeddingDim)], [batch.BatchSize, EmbeddingDim]);
        _session.Run([_idsName, _maskName], [ids, mask], [_outputName], [output]);
        _session.CheckFinite(embeddings.Span, batch.BatchSize, EmbeddingDim);
    }

    /// <summary>Tokenizes and embeds <paramref name="texts"/> in one batch; returns one embedding per text.</summary>
    public float[][] Embed(DBetaTextTokenizer tokenizer, IReadOnlyList<string> texts)
    {
        var flat = Embed(tokenizer.EncodeBatch(texts));
        return Enumerable.Range(0, texts.Count).Select(i => flat.AsSpan(i * EmbeddingDim, EmbeddingDim).ToArray()).ToArray();
    }

    /// <summary>Releases the native session.</summary>
    public void Dispose() => _session.Dispose();
}
