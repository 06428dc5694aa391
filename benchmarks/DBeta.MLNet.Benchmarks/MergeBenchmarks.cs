using BenchmarkDotNet.Attributes;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// <c>dbeta merge</c> at CODE-15's size: 18 parts holding 345,779 random embeddings of 768 floats (and a tenth and a
/// half of that), written by the part writer, merged into one Parquet file by the CLI in its own process, as the merge
/// job of a Slurm array runs it. Reports the wall time and that process's peak resident memory
/// (<see cref="MergePeakColumn"/>), which must not grow with the rows: the merge streams. One operation = one merge.
/// The parts take about 1 GB at full size, and the merged file as much again; both are deleted afterwards.
/// </summary>
[Config(typeof(MergeConfig))]
public class MergeBenchmarks
{
    /// <summary>Parts (and input files) in the run: CODE-15 comes as 18 HDF5 files.</summary>
    public const int Parts = 18;

    /// <summary>CODE-15's embedding width.</summary>
    public const int Dim = 768;

    private string _folder = "";

    /// <summary>Rows over all parts.</summary>
    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    /// <summary>A tenth of CODE-15 and all of it in the short mode; also half of it otherwise.</summary>
    public static IEnumerable<int> RowCounts => BenchmarkData.Short ? [34_578, 345_779] : [34_578, 172_890, 345_779];

    private string PartsFolder => Path.Combine(_folder, "parts");

    private string Merged => Path.Combine(_folder, "merged.parquet");

    [GlobalSetup]
    public void WriteParts()
    {
        _folder = Path.Combine(BenchmarkData.Folder, $"merge-{Rows}");
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        Console.WriteLine($"// writing {Parts} parts of {Rows} rows x {Dim} in {PartsFolder}");
        RandomEmbeddingParts.Write(PartsFolder, Rows, Parts, Dim, seed: 16);
        MergePeakColumn.Clear(Rows);
    }

    [Benchmark]
    public void Merge()
    {
        long peak = ChildProcessPeak.Run(Path.Combine(AppContext.BaseDirectory, "dbeta.dll"), "merge", "--parts", PartsFolder, "--out", Merged);
        MergePeakColumn.Record(Rows, peak);
    }

    [IterationCleanup]
    public void DeleteMerged() => File.Delete(Merged);

    [GlobalCleanup]
    public void DeleteParts()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
