// QuickStart: the whole D-BETA pipeline on data every user has on day one.
// Synthetic labelled 12-lead ECGs -> D-BETA preprocessing -> ECG encoder (ONNX Runtime) -> LR and FastTree probes
// -> per-label AUROC, a 12-lead plot, ROC curves, and the fitted pipeline saved as an ML.NET model zip.
using System.Diagnostics;
using DBeta.MLNet;
using DBeta.MLNet.Data;
using DBeta.MLNet.Data.Synthetic;
using DBeta.MLNet.Embedding;
using DBeta.MLNet.Evaluation;
using DBeta.MLNet.Heads;
using DBeta.MLNet.Onnx;
using DBeta.MLNet.Preprocessing;
using DBeta.MLNet.Visualization;
using Microsoft.ML;
using Spectre.Console;

int count = args.Length > 0 && int.TryParse(args[0], out int n) ? n : 400;
string root = FindRepositoryRoot();
string outFolder = Path.Combine(root, "out", "quickstart");
Directory.CreateDirectory(outFolder);
var clock = Stopwatch.StartNew();
var ml = new MLContext(seed: 1);

// 1. Data: a seeded synthetic set in CODE's layout (10.24 s at 400 Hz), with the six CODE labels.
var synthetic = new SyntheticEcgOptions { Count = count, Seed = 42, SampleRate = DBetaConfig.CodeSampleRate };
var ecgs = ml.Data.LoadSyntheticEcgs(synthetic);
var split = ml.Data.TrainTestSplit(ecgs, testFraction: 0.4, seed: 1);
AnsiConsole.MarkupLine($"[bold]Data[/]: {count} synthetic 12-lead ECGs (seed {synthetic.Seed}, {synthetic.SampleRate} Hz), 60/40 train/test split");
PrintLabelCounts(new SyntheticEcgGenerator(synthetic));

string plotPath = Path.Combine(outFolder, "ecg-0.png");
var first = new SyntheticEcgGenerator(synthetic).Generate(0);
EcgPlot.Save(first.Record, plotPath, new EcgPlotOptions { Subtitle = $"synthetic, {first.Labels.LabelText}" });
AnsiConsole.MarkupLine($"12-lead plot of the first record: [link]{plotPath}[/]");

// 2. Model: converted real weights when the user has them, else a full-size random-weight D-BETA encoder.
string modelPath = ResolveModel(root);

// 3. Embeddings: preprocessing (400 Hz x 4096 -> 500 Hz x 5000) and the encoder, batched, with a progress bar.
ITransformer embedder = null!;
IDataView trainEmbedded = null!, testEmbedded = null!;
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
    .Start(context =>
    {
        var task = context.AddTask("embedding", maxValue: count);
        long done = 0;
        var progress = new Progress(report =>
        {
            task.Value = done + report.RowsDone;
            task.Description = $"embedding ({report.RowsPerSecond:F1} ECG/s)";
        });
        embedder = ml.Transforms.PrepareEcgForDBeta(synthetic.SampleRate)
            .Append(ml.Transforms.EmbedEcgWithDBeta(new EcgEmbeddingOptions { ModelPath = modelPath, Progress = progress }))
            .Fit(split.TrainSet);
        // Each set is embedded once and cached: the probes below read it many times.
        trainEmbedded = EmbedOnce(ml, embedder.Transform(split.TrainSet));
        done = (long)trainEmbedded.GetRowCount()!;
        testEmbedded = EmbedOnce(ml, embedder.Transform(split.TestSet));
        task.Value = count;
    });

// 4. Probes: one binary model per label on the embeddings; logistic regression and FastTree.
foreach (var head in new[] { ProbeHead.LbfgsLogisticRegression, ProbeHead.FastTree })
{
    var probe = ml.BinaryClassification.Trainers.MultiLabelProbe(head: head, seed: 1).Fit(trainEmbedded);
    var metrics = ml.BinaryClassification.EvaluateMultiLabel(probe.Transform(testEmbedded));
    AnsiConsole.MarkupLine($"\n[bold]{head}[/] probe, test set:");
    AnsiConsole.WriteLine(metrics.ToTable());
    string rocPath = Path.Combine(outFolder, $"roc-{head}.png");
    RocPlot.Write(metrics, rocPath, $"{head} probe on D-BETA embeddings ({Path.GetFileName(modelPath)})");
    AnsiConsole.MarkupLine($"ROC curves: [link]{rocPath}[/]");
}

AnsiConsole.MarkupLine($"\nDone in {clock.Elapsed.TotalSeconds:F0} s. Outputs in {outFolder}");
return 0;

// Embeds every row once and keeps the embeddings and labels in memory: the probes read them many times.
static IDataView EmbedOnce(MLContext ml, IDataView embedded)
{
    string[] columns = ["Embedding", .. CodeLabels.Names];
    var cached = ml.Data.Cache(embedded, columns);
    using var cursor = cached.GetRowCursor(cached.Schema.Where(c => columns.Contains(c.Name)));
    while (cursor.MoveNext()) { }
    return cached;
}

static string ResolveModel(string root)
{
    string real = Path.Combine(root, "models", DBetaConverter.EcgFileName);
    if (File.Exists(real))
    {
        AnsiConsole.MarkupLine($"[bold]Model[/]: {real} (converted D-BETA weights)");
        return real;
    }
    string random = Path.Combine(root, "models", "random-seed42", DBetaConverter.EcgFileName);
    if (!File.Exists(random))
    {
        AnsiConsole.MarkupLine("[bold]Model[/]: no models/dbeta-ecg.onnx; building a full-size D-BETA ECG encoder with seeded random weights (once)...");
        DBetaConverter.WriteEcgModel(DBetaModels.CreateRandom(DBetaConfig.Default, seed: 42), DBetaConfig.Default, random);
    }
    AnsiConsole.MarkupLine($"[bold]Model[/]: {random}");
    AnsiConsole.MarkupLine("[yellow]Random weights: the pipeline runs end to end, but the AUROCs below carry no medical meaning.[/]");
    AnsiConsole.MarkupLine("[yellow]Convert D-BETA's published checkpoint with 'dbeta convert' (see models/README.md) for real embeddings.[/]");
    return random;
}

static void PrintLabelCounts(SyntheticEcgGenerator generator)
{
    var counts = new int[CodeLabels.Names.Count];
    foreach (var ecg in generator.GenerateAll())
    {
        var labels = ecg.Labels.ToCodeOrder();
        for (int i = 0; i < counts.Length; i++) counts[i] += labels[i] ? 1 : 0;
    }
    var table = new Table().AddColumn("label").AddColumn(new TableColumn("positives").RightAligned());
    for (int i = 0; i < counts.Length; i++) table.AddRow(CodeLabels.Names[i], counts[i].ToString());
    AnsiConsole.Write(table);
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "DBeta.MLNet.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

sealed class Progress(Action<EmbeddingProgress> report) : IProgress<EmbeddingProgress>
{
    public void Report(EmbeddingProgress value) => report(value);
}
