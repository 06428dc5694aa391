
namespace DBeta.MLNet;

/// <summary>What <see cref="EcgBenchmark.Run"/> measures: which model, on which ECGs, with how many threads.</summary>
internal sealed class EcgBenchmarkOptions
{
    /// <summary>The ECG encoder (<c>dbeta-ecg.onnx</c> or <c>dbeta-ecg-int8.onnx</c>). Required.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>ONNX Runtime threads for both the MatMul probe and the encoder. Default: the machine's logical processors.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// A CODE-layout HDF5 file to stream the ECGs from (<c>LoadEcgFromHdf5</c>), or <c>null</c> (default) for synthetic
    /// ECGs (<c>LoadSyntheticEcgs</c>, CODE's 4096 samples at 400 Hz).
    /// </summary>
    public string? Hdf5Path { get; set; }

    /// <summary>ECGs to embed: synthetic ones generated, or the first rows of <see cref="Hdf5Path"/> (null: all of them). Default 32.</summary>
    public int? EcgCount { get; set; } = 32;

    /// <summary>ECGs per encoder call (<see cref="EcgEmbeddingOptions.BatchSize"/>). Default: the transformer's default.</summary>
    public int BatchSize { get; set; } = new EcgEmbeddingOptions().BatchSize;

    /// <summary>How long to time the MatMul probe. Default 2 s.</summary>
    public TimeSpan MatMulDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Rounds of probe then pipeline, taken in turn; the report gives the median of each. Each round times
    /// <see cref="EcgCount"/> ECGs and probes for <see cref="MatMulDuration"/> / rounds. Default 3.
    /// </summary>
    public int Rounds { get; set; } = 3;

    /// <summary>Receives a line per stage, or <c>null</c> (default).</summary>
    public Action<string>? Log { get; set; }
}
