using DBeta.MLNet;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DBeta.MLNet.Benchmarks;

// dotnet run -c Release --project benchmarks/DBeta.MLNet.Benchmarks -- [--short] [BenchmarkDotNet options, e.g. --filter '*Embedding*']
// dotnet run -c Release --project benchmarks/DBeta.MLNet.Benchmarks -- --write-merge-parts DIR ROWS   (the merge benchmark's parts, to time dbeta merge yourself)
if (args is ["--write-merge-parts", string partsFolder, string rowText])
{
    RandomEmbeddingParts.Write(partsFolder, int.Parse(rowText, System.Globalization.CultureInfo.InvariantCulture), MergeBenchmarks.Parts, MergeBenchmarks.Dim, seed: 16);
    Console.WriteLine($"wrote {MergeBenchmarks.Parts} parts of {rowText} rows in all to {partsFolder}");
    return;
}
// dotnet run -c Release --project benchmarks/DBeta.MLNet.Benchmarks -- --time-dataset-loaders PTBXL_DIR CODE15_DIR [REPEATS]   (records/s of LoadPtbXl and LoadCode15)
if (args is ["--time-dataset-loaders", string ptbXlFolder, string code15Folder, .. var rest])
{
    DatasetLoaderTiming.Run(ptbXlFolder, code15Folder, rest is [string repeats] ? int.Parse(repeats, System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
// dotnet run -c Release --project benchmarks/DBeta.MLNet.Benchmarks -- --fft-accuracy   (FFT resampling vs scipy, each library)
if (args is ["--fft-accuracy"])
{
    Console.Write(FftResamplingAccuracy.Table(RepositoryRoot()));
    return;
}
bool isShort = args.Contains("--short");
args = args.Where(a => a != "--short").ToArray();
if (isShort) Environment.SetEnvironmentVariable("DBETA_BENCH_SHORT", "1");
if (!args.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f" || a.StartsWith("--list", StringComparison.Ordinal)))
    args = [.. args, "--filter", "*"];

// Each class brings its job and columns (BenchmarkJobs); the short mode is in-process with few iterations.
var config = DefaultConfig.Instance
    .HideColumns(Column.Error, Column.Gen0, Column.Gen1, Column.Gen2)
    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(24))
    .WithOptions(ConfigOptions.DisableLogFile);

string loadBefore = CompanionTables.LoadAverage();
Console.WriteLine($"// load average before: {loadBefore}; short mode: {isShort}; artifacts: {BenchmarkData.Folder}");
// Write the models and the cached embeddings before timing anything (the merge and FFT benchmarks need no model).
string[] filters = [.. args.SkipWhile(a => a is not ("--filter" or "-f")).Skip(1).TakeWhile(a => !a.StartsWith('-'))];
if (!filters.All(f => f.Contains(nameof(MergeBenchmarks), StringComparison.OrdinalIgnoreCase) || f.Contains(nameof(FftResamplingBenchmarks), StringComparison.OrdinalIgnoreCase)))
{
    _ = BenchmarkData.Model(EcgModelPrecision.Float32);
    _ = BenchmarkData.Model(EcgModelPrecision.Int8);
}

// The torch.onnx.export comparison needs a file made by benchmarks/baselines; without one it is left out.
var classes = typeof(BenchmarkData).Assembly.GetTypes()
    .Where(t => t.IsPublic && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)))
    .Where(t => t != typeof(TorchExportBenchmarks) || TorchExportBenchmarks.ExportPath is not null)
    .ToArray();
var summaries = BenchmarkSwitcher.FromTypes(classes).Run(args, config).ToArray();
string loadAfter = CompanionTables.LoadAverage();

var extra = new List<string> { $"Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}." };
bool Ran(string name) => summaries.Any(s => s.BenchmarksCases.Any(c => c.Descriptor.Type.Name == name));
if (Ran(nameof(EmbeddingPathBenchmarks))) extra.Add(CompanionTables.EmbeddingQuality());
if (Ran(nameof(ProbeTrainingBenchmarks)) || Ran(nameof(ProbeScoringBenchmarks))) extra.Add(CompanionTables.ProbeAurocFp32VsInt8());
string text = string.Join(Environment.NewLine + Environment.NewLine, extra);
Console.WriteLine();
Console.WriteLine(text);
if (summaries.FirstOrDefault() is Summary first)
{
    string file = Path.Combine(first.ResultsDirectoryPath, "companion-tables.md");
    File.WriteAllText(file, text + Environment.NewLine);
    Console.WriteLine($"// companion tables: {file}");
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "DBeta.MLNet.sln"))) return dir.FullName;
    throw new InvalidOperationException("run from inside the repository: cannot find DBeta.MLNet.sln above " + AppContext.BaseDirectory);
}
