using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace DBeta.MLNet.Benchmarks;

/// <summary>ECGs per second: the inverse of BenchmarkDotNet's mean time per operation (one operation = one ECG).</summary>
internal sealed class EcgPerSecondColumn : IColumn
{
    public string Id => nameof(EcgPerSecondColumn);
    public string ColumnName => "ECG/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "ECGs embedded per second (1 / mean time per ECG)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        return statistics is null ? "-" : (1e9 / statistics.Mean).ToString("F2", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Macro AUROC of the case's probe head on the held-out rows of its dataset, computed once per (head, dataset) in the
/// host process: the same training as the timed one, evaluated with <c>EvaluateMultiLabel</c>.
/// </summary>
internal sealed class AurocColumn : IColumn
{
    private static readonly ConcurrentDictionary<(BenchmarkHead, string), double> Cache = new();

    public string Id => nameof(AurocColumn);
    public string ColumnName => "AUROC";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Macro AUROC over the CODE labels on the held-out rows (float32 embeddings)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Parameters["Head"] is not BenchmarkHead head || benchmarkCase.Parameters["Dataset"] is not string dataset) return "-";
        return Of(head, dataset).ToString("F4", CultureInfo.InvariantCulture);
    }

    /// <summary>The macro AUROC of a head on a dataset's held-out rows (float32 embeddings), computed once per process.</summary>
    public static double Of(BenchmarkHead head, string dataset) =>
        Cache.GetOrAdd((head, dataset), key =>
        {
            var test = ProbeBenchmarkBase.Load(key.Item2, EcgModelPrecision.Float32).Test;
            return ProbeTraining.MacroAuroc(ProbeBenchmarkBase.Model(key.Item1, key.Item2), test);
        });


}

/// <summary>
/// The largest peak resident memory of the <c>dbeta merge</c> processes of a case, in MiB: each iteration appends its
/// figure to a file in the artifacts folder (the benchmark may run in a child process), read here by the host.
/// </summary>
internal sealed class MergePeakColumn : IColumn
{
    public string Id => nameof(MergePeakColumn);
    public string ColumnName => "Peak RSS";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Peak resident memory of the dbeta merge process (MiB), the largest over the iterations";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Parameters["Rows"] is not int rows || !File.Exists(FileOf(rows))) return "-";
        var peaks = File.ReadAllLines(FileOf(rows)).Select(l => long.Parse(l, CultureInfo.InvariantCulture)).ToList();
        return peaks.Count == 0 ? "-" : (peaks.Max() / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);
    }

    public static void Clear(int rows) => File.Delete(FileOf(rows));

    public static void Record(int rows, long peakBytes) =>
        File.AppendAllText(FileOf(rows), peakBytes.ToString(CultureInfo.InvariantCulture) + Environment.NewLine);

    private static string FileOf(int rows) => Path.Combine(BenchmarkData.Folder, $"merge-peak-{rows}.txt");
}
