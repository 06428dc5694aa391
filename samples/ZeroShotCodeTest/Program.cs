// ZeroShotCodeTest: D-BETA's zero-shot experiment on the CODE-test set. Each ECG is embedded, each class prompt is
// embedded, and the score of a class is their dot product; per-class AUROC against the cardiologists' gold standard,
// beside the CODE authors' DNN and the residents' and students' reads when their annotation files are present.
//
// Usage: dotnet run --project samples/ZeroShotCodeTest -- [CODE_TEST_DIR] [MODELS_DIR] [SPIECE_MODEL] [PROMPTS_JSON]
//   CODE_TEST_DIR  default data/code-test: ecg_tracings.hdf5 and annotations/gold_standard.csv (+ dnn.csv,
//                  cardiology_residents.csv, emergency_residents.csv, medical_students.csv if you have them)
//   MODELS_DIR     default models: dbeta-ecg.onnx and dbeta-text.onnx from 'dbeta convert --checkpoint sample.pt'
//   SPIECE_MODEL   default MODELS_DIR/spiece.model: Flan-T5's SentencePiece model
//   PROMPTS_JSON   default: the project's own wording for the six classes (models/prompts/code-prompts.json);
//                  D-BETA's context_llm.json works too
// Without these files it says what is missing and runs the same code on a small synthetic demonstration instead.
using DBeta.MLNet;
using DBeta.Samples;
using Microsoft.ML;
using Spectre.Console;

string root = SampleModels.RepositoryRoot;
string codeTest = args.Length > 0 ? args[0] : Path.Combine(root, "data", "code-test");
string models = args.Length > 1 ? args[1] : Path.Combine(root, "models");
string tokenizer = args.Length > 2 ? args[2] : Path.Combine(models, "spiece.model");
var prompts = args.Length > 3 ? PromptSet.Load(args[3]) : PromptSet.CodeDefaults;

string tracings = Path.Combine(codeTest, "ecg_tracings.hdf5");
string gold = Path.Combine(codeTest, "annotations", "gold_standard.csv");
string ecgModel = Path.Combine(models, DBetaConverter.EcgFileName);
string textModel = Path.Combine(models, DBetaConverter.TextFileName);
var missing = new[] { tracings, gold, ecgModel, textModel, tokenizer }.Where(f => !File.Exists(f)).ToList();

var ml = new MLContext(seed: 1);
EcgDataView ecgs;
if (missing.Count == 0)
{
    AnsiConsole.MarkupLine($"[bold]CODE-test[/]: {tracings}");
    ecgs = ml.Data.LoadEcgFromHdf5(tracings, new Hdf5EcgLoaderOptions { Labels = EcgLabels.LoadCsv(gold) });
}
else
{
    AnsiConsole.MarkupLine("[yellow]Missing for the real experiment:[/]");
    foreach (string file in missing) AnsiConsole.MarkupLine($"  [yellow]{Markup.Escape(file)}[/]");
    AnsiConsole.MarkupLine("CODE-test (827 ECGs, 400 Hz) is published by its authors with the annotations; D-BETA's weights as sample.pt");
    AnsiConsole.MarkupLine("(convert with 'dbeta convert', see models/README.md); spiece.model comes with Flan-T5.");
    AnsiConsole.MarkupLine("[yellow]Running a demonstration instead: 200 synthetic ECGs, tiny random-weight models and the tests' small[/]");
    AnsiConsole.MarkupLine("[yellow]tokenizer. Its AUROCs only show the pipeline working.[/]");
    (ecgs, ecgModel, textModel, tokenizer, gold) = Demonstration(ml, SampleModels.OutputFolder("zeroshot-code-test"));
}

// ECGs -> D-BETA preprocessing -> ECG encoder -> dot products with the prompt embeddings (embedded once, at fit).
var pipeline = ml.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    .Append(ml.Transforms.EmbedEcgWithDBeta(ecgModel))
    .Append(ml.Transforms.ScoreEcgZeroShot(new ZeroShotEcgOptions { TextModelPath = textModel, TokenizerPath = tokenizer, Prompts = prompts }));
using var model = pipeline.Fit(ecgs);
var zeroShot = ml.BinaryClassification.EvaluateMultiLabelScores(model.Transform(ecgs), prompts.Labels);

// The CODE authors' DNN (probabilities) and human reads (0/1) on the same ECGs, when present.
var others = new List<(string Name, MultiLabelMetrics Metrics)> { ("D-BETA zero-shot", zeroShot) };
foreach (var (file, name) in new[] { ("dnn.csv", "DNN (Ribeiro 2020)"), ("cardiology_residents.csv", "cardiology residents"),
             ("emergency_residents.csv", "emergency residents"), ("medical_students.csv", "medical students") })
{
    string path = Path.Combine(Path.GetDirectoryName(gold)!, file);
    if (File.Exists(path)) others.Add((name, ml.BinaryClassification.EvaluateMultiLabelFiles(path, gold)));
}

var table = new Table().AddColumn("class").AddColumn(new TableColumn("positives").RightAligned());
foreach (var (name, _) in others) table.AddColumn(new TableColumn($"{name}\nAUROC / F1").RightAligned());
foreach (string label in prompts.Labels)
{
    var row = new List<string> { label, zeroShot[label].Positives.ToString() };
    row.AddRange(others.Select(o => o.Metrics.PerLabel.FirstOrDefault(m => m.Label == label) is { } m ? $"{Format(m.Auroc)} / {Format(m.F1)}" : "-"));
    table.AddRow(row.ToArray());
}
table.AddRow(["macro", "", .. others.Select(o => $"{Format(o.Metrics.MacroAuroc)} / {Format(o.Metrics.MacroF1)}")]);
AnsiConsole.Write(table);
AnsiConsole.MarkupLine("F1 at a score of 0.5; zero-shot scores are dot products, not probabilities, so read their AUROC, not their F1.");
return 0;

static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F3");

// A small synthetic CODE-layout set with its gold standard, and tiny random-weight encoders of matching width.
static (EcgDataView, string, string, string, string) Demonstration(MLContext ml, string folder)
{
    string h5 = Path.Combine(folder, "synthetic.h5"), labels = Path.Combine(folder, "gold_standard.csv");
    ml.Data.SaveSyntheticEcgsAsCode(new SyntheticEcgOptions { Count = 200, Seed = 11, SampleRate = DBetaConfig.CodeSampleRate }, h5, labels);
    var converted = DBetaModels.WriteRandom(DBetaConfig.Tiny, Path.Combine(folder, "tiny-models"), seed: 3);
    string tokenizer = Path.Combine(SampleModels.RepositoryRoot, "tests", "fixtures", "tokenizer", "clinical-unigram.model");
    var ecgs = ml.Data.LoadEcgFromHdf5(h5, new Hdf5EcgLoaderOptions { Labels = EcgLabels.LoadCsv(labels) });
    return (ecgs, converted.Ecg.Path, converted.Text.Path, tokenizer, labels);
}
