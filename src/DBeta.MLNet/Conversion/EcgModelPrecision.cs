namespace DBeta.MLNet;

/// <summary>How the converter stores and runs the ECG encoder's transformer weights.</summary>
public enum EcgModelPrecision
{
    /// <summary>float32 everywhere: the reference model.</summary>
    Float32,

    /// <summary>
    /// The transformer layers' linear weights (attention QKV and output, feed-forward) and the positional convolution as
    /// int8, symmetric per output channel, run by ONNX Runtime's integer kernels with dynamic uint8 quantisation of the
    /// activations per tensor (<c>QAttention</c>, <c>DynamicQuantizeMatMul</c>, <c>ConvInteger</c>); the feature
    /// extractor, norms, attention scores and the output projections stay float32. One ECG per run.
    /// </summary>
    Int8,
}
