namespace DBeta.MLNet;

/// <summary>Which ECG models <see cref="DBetaConverter"/> writes besides <c>dbeta-ecg.onnx</c> and <c>dbeta-text.onnx</c>.</summary>
public sealed record DBetaConversionOptions
{
    /// <summary>
    /// Also write <see cref="DBetaConverter.EcgInt8FileName"/>, the ECG encoder with int8 transformer weights
    /// (<see cref="EcgModelPrecision.Int8"/>). Default: <c>false</c>.
    /// </summary>
    public bool Int8Ecg { get; init; }

    /// <summary>
    /// Also write <see cref="DBetaConverter.EcgStandardFileName"/>, the float32 ECG encoder in standard ONNX operators only
    /// (<see cref="EcgGraphOperators.Standard"/>), for ONNX runtimes other than ONNX Runtime. Default: <c>false</c>.
    /// </summary>
    public bool StandardOperatorsEcg { get; init; }
}
