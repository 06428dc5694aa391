// QuickStart: the whole D-BETA pipeline on data every user has on day one, no downloads.
// Synthetic labelled 12-lead ECGs -> D-BETA preprocessing -> ECG encoder (ONNX Runtime) -> LR and FastTree probes
// -> per-label AUROC, a 12-lead plot, ROC curves, and the fitted encoder + probe saved as an ML.NET model zip.
// Usage: dotnet run --project samples/QuickStart [-- COUNT]   (default 400 ECGs)
using System.Diagnostics;
using DBeta.MLNet;
using DBeta.Samples;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;

int count = args.Length > 0 && int.TryParse(args[0], out int n) && n >= 20 ? n : 400;
string outFolder = SampleModels.OutputFolder("quickstart");
var clock = Stopwatch.StartNew();
var ml = new MLContext(seed: 1);

// 1. Data: a seeded synthetic set in CODE's layout (4096 samples at 400 Hz) with the six CODE labels.
var synthetic = new SyntheticEcgOptions { Count = count, Seed = 42, SampleRate = DBetaConfig.CodeSampleRate };
var ecgs = ml.Data.LoadSyntheticEcgs(synthetic);
var split = ml.Data.TrainTestSplit(ecgs, testFraction: 0.4, seed: 1);
AnsiConsole.MarkupLine($"[bold]Data[/]: {count} synthetic 12-lead ECGs (seed {synthetic.Seed}, {synthetic.SampleRate} Hz), 60/40 train/test split");
string plotPath = Path.Combine(outFolder, "ecg-0.png");
EcgPlot.Save(ecgs, row: 0, plotPath); // subtitle: the record's labels
AnsiConsole.MarkupLine($"12-lead plot of the first record: {plotPath}");

// 2. Model: converted real weights when present, else a full-size random-weight D-BETA encoder (built once).
string modelPath = SampleModels.EcgModel();

// 3. Embeddings: 400 Hz x 4096 -> 500 Hz x 5000, then the encoder in batches; each set embedded once.
var (preprocessing, embedder, embedded) = SampleEmbedding.EmbedAll(ml, modelPath, synthetic.SampleRate, CodeLabels.Names, split.TrainSet, split.TestSet);
var (train, test) = (embedded[0], embedded[1]);

// 4. Probes: one binary model per label on the embeddings, logistic regression and FastTree.
foreach (var head in new[] { ProbeHead.LbfgsLogisticRegression, ProbeHead.FastTree })
{
    using var probe = ml.BinaryClassification.Trainers.MultiLabelProbe(head: head, seed: 1).Fit(train);
    var metrics = ml.BinaryClassification.EvaluateMultiLabel(probe.Transform(test));
    AnsiConsole.MarkupLine($"\n[bold]{head}[/] probe, test set:");
    AnsiConsole.WriteLine(metrics.ToTable());
    string rocPath = Path.Combine(outFolder, $"roc-{head}.png");
    RocPlot.Save(metrics, rocPath, $"{head} probe on D-BETA embeddings");
    AnsiConsole.MarkupLine($"ROC curves: {rocPath}");
    if (head == ProbeHead.LbfgsLogisticRegression)
        SavePipeline(new TransformerChain<ITransformer>(embedder, probe), Path.Combine(outFolder, "ecg-lr-probe.zip"));
}

embedder.Dispose();
AnsiConsole.MarkupLine($"\nDone in {clock.Elapsed.TotalSeconds:F0} s. Outputs in {outFolder}");
return 0;

// ML.NET's own Model.Save: the zip holds the encoder as an ONNX model and the probe's linear models, and loads with
// ml.Model.Load in any process with ML.NET and ONNX Runtime (docs/save-load.md). Preprocessing stays outside it.
void SavePipeline(ITransformer model, string path)
{
    var input = new DataViewSchema.Builder();
    input.AddColumn("Ecg", preprocessing.GetOutputSchema(split.TrainSet.Schema)["Ecg"].Type);
    var saving = Stopwatch.StartNew();
    string partial = path + ".partial";                                 // never a half-written zip at the final path
    ml.Model.Save(model, input.ToSchema(), partial);
    File.Move(partial, path, overwrite: true);
    AnsiConsole.MarkupLine($"Saved encoder + probe: {path} ({new FileInfo(path).Length / 1048576.0:F0} MiB, {saving.Elapsed.TotalSeconds:F0} s)");
}
