// ReproduceTables: D-BETA's evaluation protocol on a labelled dataset, as the paper reports it: linear probes (and
// tree heads) at 1 %, 10 % and 100 % of the training labels, zero-shot when a text encoder is at hand, macro AUROC
// with 95 % bootstrap intervals, over embeddings computed once and cached.
// Usage: dotnet run --project samples/ReproduceTables [-- /path/to/ptb-xl [label-set]]
//   With no path: the 53 real PhysioNet Challenge records in ../shared/data/challenge2021 when present, else the small
//   PTB-XL-layout tree of the tests. Those are far too few ECGs for the numbers to mean anything; they show the run.
using System.Diagnostics;
using DBeta.MLNet;
using DBeta.Samples;
using Microsoft.ML;
using Spectre.Console;

var clock = Stopwatch.StartNew();
string outFolder = SampleModels.OutputFolder("reproduce-tables");
var options = new EcgProtocolOptions { EcgModelPath = SampleModels.EcgModel(), CacheFolder = Path.Combine(outFolder, "cache") };

string shared = Path.GetFullPath(Path.Combine(SampleModels.RepositoryRoot, "..", "shared", "data", "challenge2021"));
string fixture = Path.Combine(SampleModels.RepositoryRoot, "tests", "fixtures", "data", "datasets", "ptbxl", "tree");
if (args.Length > 0)
{
    options.DatasetPath = args[0];
    options.LabelSet = args.Length > 1 ? args[1] : null;
}
else
{
    bool haveShared = Directory.Exists(shared);
    options.DatasetPath = haveShared ? shared : fixture;
    AnsiConsole.MarkupLine($"[bold]Dataset[/]: no path given; {(haveShared ? "the 53 real Challenge records beside the repository" : "the 21-record PTB-XL tree of the tests")}.");
    AnsiConsole.MarkupLine("[yellow]A few dozen ECGs: every label has a handful of examples, so the AUROCs below show the protocol run, not a result.[/]");
    // Small sets need a larger test part, and labels with a single test positive, to measure anything.
    options.MinimumTestPositives = 1;
    options.TrainFraction = 0.5;
    options.ValidationFraction = 0.2;
    options.Bootstrap = new AurocBootstrapOptions { Resamples = 500 };
    if (!haveShared)
    {
        // The tree's fold 10 holds one record: split it by hand, every third record to test and validation.
        string split = Path.Combine(outFolder, "fixture-split.csv");
        var ids = File.ReadLines(Path.Combine(fixture, "ptbxl_database.csv")).Skip(1).Select(line => line.Split(',')[0]).ToArray();
        File.WriteAllLines(split, ["Id,Part", .. ids.Select((id, i) => $"{id},{(i % 3 == 0 ? "test" : i % 3 == 1 ? "validation" : "train")}")]);
        options.SplitPath = split;
    }
}

// Zero-shot needs the text encoder and T5's tokenizer: the converted weights in models/, when the user has them.
string text = Path.Combine(SampleModels.RepositoryRoot, "models", DBetaConverter.TextFileName);
string tokenizer = Path.Combine(SampleModels.RepositoryRoot, "models", "spiece.model");
if (File.Exists(text) && File.Exists(tokenizer))
{
    options.TextModelPath = text;
    options.TokenizerPath = tokenizer;
}
else
{
    AnsiConsole.MarkupLine($"[grey]No {text} and {tokenizer}: the zero-shot row is left out.[/]");
}

options.Log = line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]");
EcgProtocolResult result;
try
{
    result = new MLContext(seed: 0).Model.EvaluateEcgProtocol(options);
}
catch (Exception e) when (e is DBetaException or FileNotFoundException or DirectoryNotFoundException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
    return 1;
}

AnsiConsole.WriteLine();
Console.Write(result.ToTable());
string json = Path.Combine(outFolder, "results.json"), png = Path.Combine(outFolder, "auroc.png");
result.Save(json);
result.SaveSplit(Path.Combine(outFolder, "split.csv"));
EcgProtocolPlot.Save(result, png);
AnsiConsole.MarkupLine($"\nTime per stage: {string.Join(", ", result.StageSeconds.Select(s => $"{s.Key} {s.Value:0.0} s"))}; " +
    $"embeddings {(result.Provenance["embeddings_from_cache"] == "true" ? "from the cache (run again with other heads or fractions for free)" : "computed and cached")}");
AnsiConsole.MarkupLine($"Every number with its provenance: {json}; per-label AUROC: {png}; done in {clock.Elapsed.TotalSeconds:F0} s");
return 0;
