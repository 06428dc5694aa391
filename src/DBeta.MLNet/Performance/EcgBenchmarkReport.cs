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

    /// <summary>Median over the rounds of the MatMul probe's best rate (<see cref="MatMulThroughput"/>) at <see cref="Precision"/>, GFLOP/s.</summary>
    public required double MatMulGflops { get; init; }

    /// <summary>The probe's rate in each round, in order.</summary>
    public required IReadOnlyList<double> MatMulGflopsPerRound { get; init; }

    /// <summary>FLOPs per 12 x 5000 ECG (<see cref="EcgEncoderFlops"/>).</summary>
    public required long FlopsPerEcg { get; init; }

    /// <summary>ECG/s if the whole encoder ran at the MatMul probe's rate: <see cref="MatMulGflops"/> / <see cref="FlopsPerEcg"/>.</summary>
    public double RooflineEcgPerSecond => MatMulGflops * 1e9 / FlopsPerEcg;

    /// <summary>Median over the rounds of the ECG/s through the ML.NET pipeline (load, <c>PrepareEcgForDBeta</c>, <c>EmbedEcgWithDBeta</c>), each after a warm-up batch.</summary>
    public required double EcgPerSecond { get; init; }

    /// <summary>The pipeline's ECG/s in each round, in order.</summary>
    public required IReadOnlyList<double> EcgPerSecondPerRound { get; init; }

    /// <summary>
    /// True when the pipeline ran faster than the roofline: the probe cannot be a ceiling then, so it was slowed by
    /// other work on the machine while it ran.
    /// </summary>
    public bool ProbeDisturbed => RooflineFraction > 1;

    /// <summary><see cref="EcgPerSecond"/> / <see cref="RooflineEcgPerSecond"/>.</summary>
    public double RooflineFraction => EcgPerSecond / RooflineEcgPerSecond;

    /// <summary>ECGs timed in each round.</summary>
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
        MatMul:           {MatMulGflops:F1} GFLOP/s median of {MatMulGflopsPerRound.Count} rounds ({Rates(MatMulGflopsPerRound, "F1")}; {(Precision == EcgModelPrecision.Int8 ? "int8 DynamicQuantizeMatMul" : "float32 MatMul")}, [{MatMulThroughput.DefaultRows} x {MatMulThroughput.Width}] x [{MatMulThroughput.Width} x {MatMulThroughput.InnerWidth}] x [{MatMulThroughput.InnerWidth} x {MatMulThroughput.Width}])
        model FLOPs:      {FlopsPerEcg / 1e9:F2} GFLOP per 12 x 5000 ECG
        roofline:         {RooflineEcgPerSecond:F2} ECG/s
        achieved:         {EcgPerSecond:F2} ECG/s median through the ML.NET pipeline ({Rates(EcgPerSecondPerRound, "F2")}; {EcgCount} ECGs per round from {Source}, batch {BatchSize})
        vs roofline:      {(ProbeDisturbed ? $"{RooflineFraction:P0}: above 100 %, so the MatMul probe was disturbed by other work on the machine; not a ceiling this run" : $"{RooflineFraction:P0} of the roofline")}
        memory:           {ResidentBytesAfterWarmUp / 1048576.0:F0} MiB resident after warm-up, {PeakResidentBytes / 1048576.0:F0} MiB peak (VmHWM)
        load average:     {LoadBefore?.ToString() ?? "n/a"} before, {LoadAfter?.ToString() ?? "n/a"} after (1, 5, 15 min; {Environment.ProcessorCount} logical processors)
        """);

    private static string Rates(IReadOnlyList<double> values, string format) =>
        string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
}
