namespace DBeta.MLNet;

/// <summary>Options of <see cref="EcgEmbeddingEstimator"/>: which model, which columns, how to run it.</summary>
public sealed class EcgEmbeddingOptions : OnnxExecutionOptions
{
    /// <summary>The ECG encoder written by <c>dbeta convert</c> (<c>dbeta-ecg.onnx</c>). Required.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Input column: a known-size <c>Vector&lt;Single&gt;</c> of 12 x 5000 lead-major values in mV (default <c>Ecg</c>).</summary>
    public string InputColumnName { get; set; } = DBetaColumnNames.Ecg;

    /// <summary>Output column: <c>Vector&lt;Single, D&gt;</c>, D read from the model (default <c>Embedding</c>).</summary>
    public string OutputColumnName { get; set; } = DBetaColumnNames.Embedding;

    /// <summary>
    /// ECGs per ONNX Runtime call (default 4: measured best, with 2 and 8 within 1%, 1 and 16 about 2% slower on the
    /// full-size encoder, 2 threads; docs/benchmarks.md). Larger batches hold more activations (about 30 MB per ECG).
    /// Models with a fixed batch (the int8 encoder takes one ECG per run) are called once per ECG whatever this is.
    /// </summary>
    public int BatchSize { get; set; } = 4;

    /// <summary>Receives progress after each batch (rows done, total, elapsed), or <c>null</c> (default).</summary>
    public IProgress<EmbeddingProgress>? Progress { get; set; }
}
