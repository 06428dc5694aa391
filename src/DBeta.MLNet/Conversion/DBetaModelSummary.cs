namespace DBeta.MLNet;

/// <summary>What one written encoder model holds.</summary>
public sealed record DBetaModelSummary
{
    /// <summary><c>ecg</c> or <c>text</c> (the model's <c>dbeta.kind</c> metadata).</summary>
    public required string Kind { get; init; }

    /// <summary>Full path of the written <c>.onnx</c> file.</summary>
    public required string Path { get; init; }

    /// <summary>Size of the file in bytes.</summary>
    public required long FileBytes { get; init; }

    /// <summary>Transformer layers (ECG) or T5 blocks (text).</summary>
    public required int Layers { get; init; }

    /// <summary>Transformer width.</summary>
    public required int Width { get; init; }

    /// <summary>Attention heads.</summary>
    public required int Heads { get; init; }

    /// <summary>Feed-forward width.</summary>
    public required int FfnDim { get; init; }

    /// <summary>Width of the output embedding.</summary>
    public required int EmbeddingDim { get; init; }

    /// <summary>Float parameters stored in the model.</summary>
    public required long ParameterCount { get; init; }

    /// <summary>Token vocabulary (text model); 0 for the ECG model.</summary>
    public int VocabSize { get; init; }

    /// <summary>One line: kind, dimensions and size.</summary>
    public override string ToString()
    {
        string vocab = VocabSize > 0 ? FormattableString.Invariant($", vocab {VocabSize}") : "";
        return FormattableString.Invariant(
            $"{Kind}: {Layers} layers, width {Width}, {Heads} heads, ffn {FfnDim}, embedding {EmbeddingDim}{vocab}, {ParameterCount / 1e6:F1}M parameters, {FileBytes / (1024.0 * 1024.0):F1} MiB -> {Path}");
    }
}
