namespace DBeta.MLNet;

/// <summary>Which ONNX operators the float32 ECG encoder's graph is written with.</summary>
public enum EcgGraphOperators
{
    /// <summary>
    /// The default: attention as one fused ONNX Runtime <c>com.microsoft.Attention</c> node per layer, and the
    /// positional convolution through the DFT (<c>If</c> beyond 5135 samples: the plain Conv). Runs only in ONNX
    /// Runtime; the fastest there.
    /// </summary>
    OnnxRuntime,

    /// <summary>
    /// Standard ONNX opset-17 operators only (domain <c>""</c>): attention as Q, K, V MatMul + Add, Reshape/Transpose
    /// to heads, MatMul, scale, Softmax, MatMul, Transpose/Reshape back, and the positional convolution as one grouped
    /// Conv, as a straightforward PyTorch export writes them. Runs in any ONNX runtime; float32 only.
    /// </summary>
    Standard,
}
