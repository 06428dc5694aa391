using System.Globalization;

namespace DBeta.MLNet;

/// <summary>What <see cref="DBetaConverter.Convert(StateDict, DBetaConfig?, string)"/> found and wrote.</summary>
public sealed record DBetaConversionSummary
{
    /// <summary>The checkpoint file (or <c>random(seed=...)</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The checkpoint's format, e.g. <c>pytorch-zip</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Element type of the used weights in the file (converted to float32 in the models).</summary>
    public required string SourceDType { get; init; }

    /// <summary>Tensors in the checkpoint.</summary>
    public required int TensorCount { get; init; }

    /// <summary>Tensor keys neither encoder uses (optimizer state, decoder, heads), sorted.</summary>
    public required IReadOnlyList<string> IgnoredTensorKeys { get; init; }

    /// <summary>Checkpoint entries that were not tensors (args, counters).</summary>
    public required int NonTensorEntryCount { get; init; }

    /// <summary>All keys not converted: ignored tensors plus non-tensor entries.</summary>
    public int SkippedKeyCount => IgnoredTensorKeys.Count + NonTensorEntryCount;

    /// <summary>The ECG model written.</summary>
    public required DBetaModelSummary Ecg { get; init; }

    /// <summary>The int8 ECG model written (<c>dbeta-ecg-int8.onnx</c>), or <c>null</c> when none was asked for.</summary>
    public DBetaModelSummary? EcgInt8 { get; init; }

    /// <summary>The ECG model in standard ONNX operators only written (<c>dbeta-ecg-standard.onnx</c>), or <c>null</c> when none was asked for.</summary>
    public DBetaModelSummary? EcgStandard { get; init; }

    /// <summary>The text model written.</summary>
    public required DBetaModelSummary Text { get; init; }

    /// <summary>A few lines for a console.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"source: {Source} ({Format}, {SourceDType}, {TensorCount} tensors, {SkippedKeyCount} keys skipped)\n{Ecg}\n{(EcgInt8 is null ? "" : EcgInt8 + "\n")}{(EcgStandard is null ? "" : EcgStandard + "\n")}{Text}");
}
