using System.Globalization;

namespace DBeta.MLNet;

/// <summary>What <see cref="EcgBenchmark.Run"/> measured, in one run on one machine.</summary>
internal sealed record EcgBenchmarkReport
{
    /// <summary>The model file.</summary>
    public required string ModelPath { get; init; }

    /// <summary>float32 or int8 transformer weights.</summary>
    public required EcgModelPrecision Precision { get; init; }

    /// <summary>ONNX Runtime threads.</summary>
    public required int Threads { get; init; }

    /// <summary>Best rate of the MatMul probe (<see cref="MatMulThroughput"/>) at <see cref="Precision"/>, GFLOP/s.</summary>
    public required double MatMulGflops { get; init; }

    /// <summary>FLOPs per 12 x 5000 ECG (<see cref="EcgEncoderFlops"/>).</summary>
    public required long FlopsPerEcg { get; init; }

    /// <summary>ECG/s if the whole encoder ran at the MatMul probe's rate: <see cref="MatMulGflops"/> / <see cref="FlopsPerEcg"/>.</summary>
    public double RooflineEcgPerSecond => MatMulGflops * 1e9 / FlopsPerEcg;

    /// <summary>ECG/s through the ML.NET pipeline (load, <c>PrepareEcgForDBeta</c>, <c>EmbedEcgWithDBeta</c>), after a warm-up batch.</summary>
    public required double EcgPerSecond { get; init; }

    /// <summary><see cref="EcgPerSecond"/> / <see cref="RooflineEcgPerSecond"/>.</summary>
    public double RooflineFraction => EcgPerSecond / RooflineEcgPerSecond;

    /// <summary>ECGs timed.</summary>
    public required long EcgCount { get; init; }

    /// <summary>ECGs per encoder call.</summary>
    public required int BatchSize { get; init; }

    /// <summary><c>synthetic</c> or the HDF5 file.</summary>
    public required string Source { get; init; }

    /// <summary>Resident memory after the warm-up batch, bytes.</summary>
    public required long ResidentBytesAfterWarmUp { get; init; }

    /// <summary>Peak resident memory of the process during the measurement (<see cref="ProcessMemory.PeakResidentBytes"/>, reset at its start where the system allows), bytes.</summary>
    public required long PeakResidentBytes { get; init; }

    /// <summary>The machine's load average when the measurement started, or <c>null</c> where unknown.</summary>
    public LoadAverage? LoadBefore { get; init; }

    /// <summary>The machine's load average when it ended, or <c>null</c> where unknown.</summary>
    public LoadAverage? LoadAfter { get; init; }

    /// <summary>A few aligned lines for a console.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
        model:            {ModelPath} ({(Precision == EcgModelPrecision.Int8 ? "int8" : "float32")})
        threads:          {Threads}
        MatMul:           {MatMulGflops:F1} GFLOP/s ({(Precision == EcgModelPrecision.Int8 ? "int8 DynamicQuantizeMatMul" : "float32 MatMul")}, [{MatMulThroughput.DefaultRows} x {MatMulThroughput.Width}] x [{MatMulThroughput.Width} x {MatMulThroughput.InnerWidth}] x [{MatMulThroughput.InnerWidth} x {MatMulThroughput.Width}])
        model FLOPs:      {FlopsPerEcg / 1e9:F2} GFLOP per 12 x 5000 ECG
        roofline:         {RooflineEcgPerSecond:F2} ECG/s
        achieved:         {EcgPerSecond:F2} ECG/s through the ML.NET pipeline ({RooflineFraction:P0} of the roofline; {EcgCount} ECGs from {Source}, batch {BatchSize})
        memory:           {ResidentBytesAfterWarmUp / 1048576.0:F0} MiB resident after warm-up, {PeakResidentBytes / 1048576.0:F0} MiB peak (VmHWM)
        load average:     {LoadBefore?.ToString() ?? "n/a"} before, {LoadAfter?.ToString() ?? "n/a"} after (1, 5, 15 min; {Environment.ProcessorCount} logical processors)
        """);
}
