namespace DBeta.MLNet.Onnx;

/// <summary>How the converter stores and runs the ECG encoder's transformer weights.</summary>
public enum EcgModelPrecision
{
    /// <summary>float32 everywhere: the reference model.</summary>
    Float32,

    /// <summary>
    /// The transformer layers' linear weights (attention QKV and output, feed-forward) as int8, symmetric per output channel,
    /// run by ONNX Runtime's integer MatMul with dynamic uint8 quantisation of the activations (<c>DynamicQuantizeMatMul</c>,
    /// <c>QAttention</c>); the convolutions, norms, attention scores and the output projections stay float32.
    /// </summary>
    Int8,
}
