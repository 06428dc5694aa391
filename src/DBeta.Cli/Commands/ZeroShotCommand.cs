using DBeta.MLNet;
using System.CommandLine;
using Microsoft.ML;

namespace DBeta.Cli.Commands;

/// <summary>
/// <c>dbeta zeroshot</c>: ECG files -> preprocessing -> D-BETA ECG encoder -> dot products with the embedded prompts ->
/// scores CSV; with <c>--labels</c>, per-label and macro AUROC.
/// </summary>
internal static class ZeroShotCommand
{
    public static Command Create()
    {
        var input = new EcgInputArguments(fitByDefault: true);
        var ecgModel = new Option<string>("--ecg-model") { Description = "The ECG encoder: dbeta-ecg.onnx from 'dbeta convert'", Required = true };
        var textModel = new Option<string>("--text-model") { Description = "The text encoder: dbeta-text.onnx from 'dbeta convert'", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "T5 SentencePiece model (Flan-T5's spiece.model)", Required = true };
        var prompts = new Option<string?>("--prompts") { Description = "Prompts JSON, {\"LABEL\": \"description\", ...} (D-BETA's context_llm.json layout); default: this project's six CODE prompts" };
        var labels = new Option<string?>("--labels") { Description = "Labels CSV (CODE gold_standard.csv layout, rows in input order): print per-label and macro AUROC" };
        var output = new Option<string>("--out") { Description = "Scores CSV: header Id,<label>,..., one row per ECG in input order", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "With --labels: score at or above which a label counts as predicted, for F1 / sensitivity / specificity (scores are dot products, not probabilities)" };
        var batch = new Option<int>("--batch-size") { Description = "ECGs per ONNX Runtime call", DefaultValueFactory = _ => new EcgEmbeddingOptions().BatchSize };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (default 0: the processors this process may use)" };
        var gpu = new Option<int?>("--gpu") { Description = "CUDA device id for the ECG encoder (needs the GPU build, -p:DBetaGpu=true); falls back to the CPU with a note" };
        var command = new Command("zeroshot", "Score ECGs against text prompts with D-BETA (zero-shot): one score per label, optionally with AUROC against labels");
        input.AddTo(command);
        foreach (var option in new Option[] { ecgModel, textModel, tokenizer, prompts, labels, output, threshold, batch, threads, gpu }) command.Options.Add(option);
        var bootstrap = new BootstrapArguments();
        bootstrap.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var ml = new MLContext();
            var view = input.Load(ml, parse);
            var promptSet = parse.GetValue(prompts) is { } promptPath ? PromptSet.Load(promptPath) : PromptSet.CodeDefaults;
            Console.WriteLine($"{view.Path}: {view.RecordCount} records at {view.SampleRate:0.###} Hz; {promptSet.Count} labels: {string.Join(", ", promptSet.Labels)}");
            string outPath = parse.GetValue(output)!;
            long rows = EmbeddingProgressBar.Run("zero-shot", view.GetRowCount(), progress =>
            {
                var ecgOptions = new EcgEmbeddingOptions
                {
                    ModelPath = parse.GetValue(ecgModel)!,
                    BatchSize = parse.GetValue(batch),
                    IntraOpThreads = parse.GetValue(threads),
                    GpuDeviceId = parse.GetValue(gpu),
                    Progress = progress,
                };
                var headOptions = new ZeroShotEcgOptions
                {
                    TextModelPath = parse.GetValue(textModel)!,
                    TokenizerPath = parse.GetValue(tokenizer)!,
                    Prompts = promptSet,
                    IntraOpThreads = parse.GetValue(threads),
                };
                var pipeline = ml.Transforms.PrepareEcgForDBeta(view.SampleRate)
                    .Append(ml.Transforms.EmbedEcgWithDBeta(ecgOptions))
                    .Append(ml.Transforms.ScoreEcgZeroShot(headOptions));
                using var model = pipeline.Fit(view);
                return ml.Data.SaveScoresAsCsv(model.Transform(view), outPath, headOptions.ScoresColumnName, cancellationToken: cancellationToken);
            });
            Console.WriteLine($"wrote {outPath}: {rows} rows x {promptSet.Count} labels");
            PreprocessCommand.ReportDropped(view);
            if (parse.GetValue(labels) is { } labelsPath)
            {
                Console.WriteLine();
                Console.Write(MultiLabelEvaluator.EvaluateFiles(outPath, labelsPath, parse.GetValue(threshold), bootstrap.Options(parse)).ToTable());
            }
            return Task.FromResult(0);
        });
        return command;
    }
}
