namespace DBeta.MLNet.Onnx;

/// <summary>Which ONNX operators the float32 ECG encoder's graph is written with.</summary>
public enum EcgGraphOperators
{
    /// <summary>
    /// The default: attention as one fused ONNX Runtime <c>com.microsoft.Attention</c> node per layer. Runs only in
    /// ONNX Runtime; the fastest there.
    /// </summary>
    OnnxRuntime,

    /// <summary>
    /// Standard ONNX opset-17 operators only (domain <c>""</c>): attention as Q, K, V MatMul + Add, Reshape/Transpose
    /// to heads, MatMul, scale, Softmax, MatMul, Transpose/Reshape back, as a straightforward PyTorch export writes it.
    /// Runs in any ONNX runtime; float32 only.
    /// </summary>
    Standard,
}
