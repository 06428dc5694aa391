// LinearProbe: D-BETA's linear-probe protocol on embeddings cached as .npy: a probe trained on 1 %, 10 % and 100 %
// of the training labels (stratified per label, seeded), evaluated on the whole test set.
// Usage:
//   dotnet run --project samples/LinearProbe                       (synthetic ECGs, embedded once and cached)
//   dotnet run --project samples/LinearProbe -- train.npy train.csv test.npy test.csv
//     ([N, D] float32 embeddings, e.g. from 'dbeta embed', and CODE-style label CSVs in the same row order)
using DBeta.MLNet;
using DBeta.Samples;
using Microsoft.ML;
using Spectre.Console;

var ml = new MLContext(seed: 1);
string outFolder = SampleModels.OutputFolder("linear-probe");
string[] files = args.Length == 4 ? args : CacheSyntheticEmbeddings(ml, outFolder);
var train = ml.Data.LoadEmbeddingsFromNpy(files[0], files[1]);
var test = ml.Data.LoadEmbeddingsFromNpy(files[2], files[3]);
AnsiConsole.MarkupLine($"train: {files[0]} ({train.GetRowCount()} rows), test: {files[2]} ({test.GetRowCount()} rows)");

var table = new Table().AddColumn("head").AddColumn(new TableColumn("labels").RightAligned());
foreach (string label in CodeLabels.Names) table.AddColumn(new TableColumn(label).RightAligned());
table.AddColumn(new TableColumn("macro").RightAligned());
foreach (var head in new[] { ProbeHead.LbfgsLogisticRegression, ProbeHead.SdcaLogisticRegression })
    foreach (double fraction in new[] { 0.01, 0.1, 1.0 })
    {
        using var probe = ml.BinaryClassification.Trainers.MultiLabelProbe(head: head, labelFraction: fraction, seed: 1).Fit(train);
        var metrics = ml.BinaryClassification.EvaluateMultiLabel(probe.Transform(test));
        table.AddRow([head == ProbeHead.LbfgsLogisticRegression ? "LR (L-BFGS)" : "LR (SDCA)", $"{fraction:P0}", .. CodeLabels.Names.Select(l => Format(metrics[l].Auroc)), Format(metrics.MacroAuroc)]);
    }
AnsiConsole.MarkupLine("Test AUROC per label; the probe sees 1 %, 10 % or 100 % of the training labels:");
AnsiConsole.Write(table);
return 0;

static string Format(double auroc) => double.IsNaN(auroc) ? "n/a" : auroc.ToString("F3");

// Synthetic CODE-layout ECGs embedded with the (real or random-weight) encoder, cached as .npy + label CSVs.
static string[] CacheSyntheticEmbeddings(MLContext ml, string folder)
{
    string[] files = ["train.npy", "train.csv", "test.npy", "test.csv"];
    files = files.Select(f => Path.Combine(folder, f)).ToArray();
    if (files.All(File.Exists))
    {
        AnsiConsole.MarkupLine($"Using cached embeddings in {folder} (delete them to re-embed)");
        return files;
    }
    var options = new SyntheticEcgOptions { Count = 500, Seed = 7, SampleRate = DBetaConfig.CodeSampleRate };
    var split = ml.Data.TrainTestSplit(ml.Data.LoadSyntheticEcgs(options), testFraction: 0.4, seed: 1);
    var (_, embedder, embedded) = SampleEmbedding.EmbedAll(ml, SampleModels.EcgModel(), options.SampleRate, CodeLabels.Names, split.TrainSet, split.TestSet);
    embedder.Dispose();
    for (int i = 0; i < 2; i++)
    {
        ml.Data.SaveColumnAsNpy(embedded[i], "Embedding", files[2 * i]);
        var rows = ml.Data.CreateEnumerable<CodeLabelRow>(embedded[i], reuseRowObject: false)
            .Select(r => string.Join(",", new[] { r.FirstDegreeAvBlock, r.Rbbb, r.Lbbb, r.Sb, r.Af, r.St }.Select(b => b ? "1" : "0")));
        File.WriteAllLines(files[2 * i + 1], [string.Join(",", CodeLabels.Names), .. rows]); // CODE-test's gold_standard.csv layout
    }
    return files;
}

sealed class CodeLabelRow
{
    [Microsoft.ML.Data.ColumnName("1dAVb")] public bool FirstDegreeAvBlock { get; set; }
    [Microsoft.ML.Data.ColumnName("RBBB")] public bool Rbbb { get; set; }
    [Microsoft.ML.Data.ColumnName("LBBB")] public bool Lbbb { get; set; }
    [Microsoft.ML.Data.ColumnName("SB")] public bool Sb { get; set; }
    [Microsoft.ML.Data.ColumnName("AF")] public bool Af { get; set; }
    [Microsoft.ML.Data.ColumnName("ST")] public bool St { get; set; }
}
