// ExplainAndSearch: why does a probe call one synthetic ECG atrial fibrillation, and which ECGs look like it?
// Synthetic labelled 12-lead ECGs -> D-BETA embeddings -> an AF probe -> an occlusion map of one AF record drawn over
// its 12 leads (PNG) -> the records nearest to it by cosine in the saved embeddings.
// Usage: dotnet run --project samples/ExplainAndSearch [-- COUNT]   (default 200 ECGs)
using System.Diagnostics;
using DBeta.MLNet;
using DBeta.Samples;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;

int count = args.Length > 0 && int.TryParse(args[0], out int n) && n >= 40 ? n : 200;
string outFolder = SampleModels.OutputFolder("explain-and-search");
var clock = Stopwatch.StartNew();
var ml = new MLContext(seed: 1);

// 1. Data and embeddings: seeded synthetic ECGs at CODE's 400 Hz with the six CODE labels, embedded once.
var synthetic = new SyntheticEcgOptions { Count = count, Seed = 7, SampleRate = DBetaConfig.CodeSampleRate };
var ecgs = ml.Data.LoadSyntheticEcgs(synthetic);
string modelPath = SampleModels.EcgModel();
var (preprocessing, embedder, embedded) = SampleEmbedding.EmbedAll(ml, modelPath, synthetic.SampleRate, [.. CodeLabels.Names, DBetaColumnNames.Id], ecgs);

// 2. A probe for AF on the embeddings.
var probe = ml.BinaryClassification.Trainers.MultiLabelProbe(new MultiLabelProbeOptions { LabelColumnNames = [CodeLabels.AtrialFibrillation] }).Fit(embedded[0]);
var model = new TransformerChain<ITransformer>(preprocessing, embedder, probe);

// 3. The first AF record, explained: the score's drop when each lead and each half second is occluded.
bool[] af = [.. ecgs.GetColumn<bool>(CodeLabels.AtrialFibrillation)];
int row = Array.IndexOf(af, true);
if (row < 0)
{
    AnsiConsole.MarkupLine("[red]No AF record in this synthetic set; run with more ECGs.[/]");
    return 1;
}
var explaining = Stopwatch.StartNew();
var map = ml.Model.ExplainEcgByOcclusion(model, ecgs, row, new EcgOcclusionOptions { ScoreColumnName = "Probability." + CodeLabels.AtrialFibrillation });
string explainPath = Path.Combine(outFolder, "explain-af.png");
EcgPlot.Save(ecgs, row, map, explainPath);
var (lead, window) = map.Strongest();
AnsiConsole.MarkupLine($"\n[bold]Explanation[/] of record {map.Id} (row {row}): P(AF) = {map.Score:0.000}, {map.ForwardPasses} ECGs scored in {explaining.Elapsed.TotalSeconds:F1} s");
AnsiConsole.MarkupLine($"largest drop: lead {map.LeadNames[lead]}, {window * map.WindowSeconds:0.#}-{(window + 1) * map.WindowSeconds:0.#} s ({map.WindowDrop(lead, window):+0.000;-0.000;0.000}); map over the ECG: {explainPath}");

// 4. Retrieval: save the embeddings with their ids, then find the records nearest to the explained one.
string npyPath = Path.Combine(outFolder, "embeddings.npy"), idsPath = Path.Combine(outFolder, "embeddings.ids.csv");
ml.Data.SaveColumnAsNpy(embedded[0], DBetaColumnNames.Embedding, npyPath, idsCsvPath: idsPath);
float[] query = [.. embedded[0].GetColumn<VBuffer<float>>(DBetaColumnNames.Embedding).ElementAt(row).DenseValues()];
var matches = ml.Data.SearchEmbeddings(npyPath, query, top: 6, idsCsvPath: idsPath);
var table = new Table().AddColumns("rank", "id", "cosine", "AF");
for (int i = 0; i < matches.Count; i++)
    table.AddRow($"{i + 1}", matches[i].Id, $"{matches[i].Cosine:0.0000}", af[matches[i].Row] ? "yes" : "no");
AnsiConsole.MarkupLine($"\n[bold]Nearest records[/] to {map.Id} in {npyPath} (the record itself first):");
AnsiConsole.Write(table);

embedder.Dispose();
AnsiConsole.MarkupLine($"\nDone in {clock.Elapsed.TotalSeconds:F0} s. Outputs in {outFolder}");
return 0;
