using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DBeta.MLNet;

/// <summary>
/// The D-BETA ECG encoder in ONNX Runtime: batches of lead-major <c>[12, T]</c> ECGs in, <c>[D]</c> embeddings out.
/// One instance holds one native session; share it between threads (it is thread-safe) and dispose it once.
/// </summary>
internal sealed class EcgEncoder : IDisposable
{
    private readonly OnnxEncoderSession _session;
    private readonly string _inputName;
    private readonly string _outputName;

    /// <summary>Leads the model expects (12 for D-BETA).</summary>
    public int LeadCount { get; }

    /// <summary>Samples per lead the model expects, or -1 when the model accepts any length.</summary>
    public int SampleCount { get; }

    /// <summary>
    /// Most ECGs the model takes in one run: its fixed batch dimension (1 for the int8 model), or
    /// <see cref="int.MaxValue"/> when the batch is dynamic. <see cref="Embed(ReadOnlyMemory{float}, int, int, Memory{float})"/>
    /// splits larger requests.
    /// </summary>
    public int MaxBatchSize { get; }

    /// <summary>Width of one embedding, read from the model.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The model file.</summary>
    public string ModelPath => _session.ModelPath;

    /// <summary>Name of the model's ECG input tensor.</summary>
    internal string InputName => _inputName;

    /// <summary>Name of the model's embedding output tensor.</summary>
    internal string OutputName => _outputName;

    /// <summary>Where the model runs: <c>CPU</c> or <c>CUDA:N</c>.</summary>
    public string ExecutionProvider => _session.ExecutionProvider;

    /// <summary>Why CUDA was not used although asked for, or <c>null</c>.</summary>
    public string? FallbackReason => _session.FallbackReason;

    /// <summary>The ONNX model's metadata (e.g. <c>dbeta.source_sha256</c>, the SHA-256 of the converted checkpoint).</summary>
    public IReadOnlyDictionary<string, string> ModelMetadata => _session.CustomMetadata;

    /// <summary>Opens <paramref name="modelPath"/> (an ECG model written by the converter) and checks its input and output shapes.</summary>
    public EcgEncoder(string modelPath, OnnxExecutionOptions? options = null)
    {
        _session = new OnnxEncoderSession(modelPath, options ?? new OnnxExecutionOptions());
        try
        {
            var inputs = _session.InputMetadata;
            var outputs = _session.OutputMetadata;
            if (inputs.Count != 1 || outputs.Count < 1)
                throw new ModelFormatException(modelPath, $"expected one input [batch, 12, time] and an embedding output, found {inputs.Count} inputs and {outputs.Count} outputs");
            (_inputName, var input) = inputs.First();
            (_outputName, var output) = outputs.First();
            if (input.ElementDataType != TensorElementType.Float || input.Dimensions.Length != 3)
                throw new ModelFormatException(modelPath, $"input '{_inputName}' must be float [batch, leads, time], found {input.ElementDataType} of rank {input.Dimensions.Length}");
            if (output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != 2 || output.Dimensions[1] <= 0)
                throw new ModelFormatException(modelPath, $"output '{_outputName}' must be float [batch, D] with a known D, found {output.ElementDataType} [{string.Join(", ", output.Dimensions)}]");
            LeadCount = input.Dimensions[1];
            SampleCount = input.Dimensions[2];
            EmbeddingDim = output.Dimensions[1];
            MaxBatchSize = input.Dimensions[0] > 0 ? input.Dimensions[0] : int.MaxValue;
            if (LeadCount <= 0)
                throw new ModelFormatException(modelPath, $"input '{_inputName}' has no fixed lead count");
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Embeds <paramref name="count"/> ECGs stored back to back in <paramref name="ecgs"/> (each lead-major,
    /// <paramref name="sampleCount"/> samples per lead) into <paramref name="embeddings"/> (<c>count * EmbeddingDim</c> values).
    /// </summary>
    /// <exception cref="ArgumentException">The sizes do not fit the model, or an ECG holds NaN or infinite values.</exception>
    /// <exception cref="ModelFormatException">ONNX Runtime cannot run the model, or it gives NaN or infinite embeddings.</exception>
    public void Embed(ReadOnlyMemory<float> ecgs, int count, int sampleCount, Memory<float> embeddings)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (SampleCount > 0 && sampleCount != SampleCount)
            throw new ArgumentException($"the model takes {SampleCount} samples per lead, got {sampleCount}", nameof(sampleCount));
        if (ecgs.Length < (long)count * LeadCount * sampleCount)
            throw new ArgumentException($"{count} ECGs of {LeadCount} x {sampleCount} need {count * LeadCount * sampleCount} values, got {ecgs.Length}", nameof(ecgs));
        if (embeddings.Length < count * EmbeddingDim)
            throw new ArgumentException($"{count} embeddings need {count * EmbeddingDim} values, got {embeddings.Length}", nameof(embeddings));

        int ecgLength = LeadCount * sampleCount;
        int bad = EcgSource.IndexOfNonFinite(ecgs.Span[..(count * ecgLength)]);
        if (bad >= 0)
            throw new ArgumentException($"ECG {bad / ecgLength} of the batch holds NaN or infinite values; clean or drop it before embedding", nameof(ecgs));

        for (int start = 0; start < count; start += MaxBatchSize)
        {
            int n = Math.Min(MaxBatchSize, count - start);
            // Zero-copy: ONNX Runtime reads and writes the caller's buffers directly.
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                MemoryMarshal.AsMemory(ecgs.Slice(start * ecgLength, n * ecgLength)), [n, LeadCount, sampleCount]);
            using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                embeddings.Slice(start * EmbeddingDim, n * EmbeddingDim), [n, EmbeddingDim]);
            _session.Run([_inputName], [input], [_outputName], [output]);
        }
        _session.CheckFinite(embeddings.Span, count, EmbeddingDim);
    }

    /// <summary>Embeds one ECG (lead-major, <c>12 x T</c> values) and returns its embedding.</summary>
    public float[] Embed(float[] ecg)
    {
        var result = new float[EmbeddingDim];
        Embed(ecg, 1, ecg.Length / LeadCount, result);
        return result;
    }

    /// <summary>Releases the native session.</summary>
    public void Dispose() => _session.Dispose();
}
