using System.CommandLine;
using System.Globalization;
using DBeta.MLNet;
using Microsoft.ML;

namespace DBeta.Cli.Commands;

/// <summary>
/// <c>dbeta evaluate</c>: D-BETA's evaluation protocol on a labelled dataset (probes at label fractions, zero-shot,
/// bootstrap intervals) over cached embeddings; prints the table and writes <c>results.json</c>, <c>split.csv</c> and
/// <c>auroc.png</c>.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "The dataset: a PTB-XL or CODE-15% folder in its own layout, or a folder of PhysioNet Challenge records", Required = true };
        var format = new Option<EcgFormat>("--format") { Description = "Dataset layout (default: from the path; a WFDB folder is read as Challenge records)", DefaultValueFactory = _ => EcgFormat.Auto };
        var labelSet = new Option<string?>("--label-set") { Description = "PTB-XL: superdiagnostic (default), subdiagnostic, diagnostic, form, rhythm or all; Challenge: scored (default) or all; CODE-15%: none" };
        var model = new Option<string>("--model") { Description = "The ECG encoder (dbeta-ecg.onnx)", Required = true };
        var textModel = new Option<string?>("--text-model") { Description = "The text encoder (dbeta-text.onnx): adds the zero-shot row" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "The T5 SentencePiece model (spiece.model), with --text-model" };
        var prompts = new Option<string?>("--prompts") { Description = "Zero-shot prompts, a JSON object of label to text (default: each label's own description)" };
        var fractions = new Option<string>("--fractions") { Description = "Fractions of the training labels the probes see", DefaultValueFactory = _ => "0.01,0.1,1" };
        var heads = new Option<string>("--heads") { Description = "Probe heads: lbfgs, sdca, fasttree, lightgbm (comma-separated; 'none' for zero-shot only)", DefaultValueFactory = _ => "lbfgs,fasttree,lightgbm" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per fraction below 1, averaged", DefaultValueFactory = _ => 1 };
        var l2Grid = new Option<string>("--l2-grid") { Description = "L2 weights the L-BFGS head tries, best on validation", DefaultValueFactory = _ => "0.01,0.1,1,10,100,1000" };
        var resamples = new Option<int>("--bootstrap") { Description = "Bootstrap resamples of the test set", DefaultValueFactory = _ => 1000 };
        var bootstrapSeed = new Option<ulong>("--bootstrap-seed") { Description = "Seed of the bootstrap resamples", DefaultValueFactory = _ => 0 };
        var minimumPositives = new Option<int>("--min-test-positives") { Description = "Labels with fewer positives in the test split are left out of the macro AUROC and listed", DefaultValueFactory = _ => 5 };
        var split = new Option<string?>("--split") { Description = "Reuse a split: a CSV Id,Part (train, validation, test) naming every record, as this command writes" };
        var trainFraction = new Option<double>("--train-fraction") { Description = "Train share of a made split (datasets without folds)", DefaultValueFactory = _ => 0.8 };
        var validationFraction = new Option<double>("--validation-fraction") { Description = "Validation share of a made split; the test gets the rest", DefaultValueFactory = _ => 0.1 };
        var splitSeed = new Option<ulong>("--split-seed") { Description = "Seed of a made split", DefaultValueFactory = _ => 0 };
        var cache = new Option<string?>("--cache") { Description = "Embedding cache folder (default: ~/.cache/dbeta/embeddings)" };
        var output = new Option<string>("--out") { Description = "Folder for results.json, split.csv and auroc.png", Required = true };
        var preprocessing = new EcgPreprocessingArguments();
        var command = new Command("evaluate", "Run D-BETA's evaluation protocol on a labelled dataset: probes at label fractions and zero-shot, AUROC with bootstrap intervals");
        foreach (var option in new Option[] { input, format, labelSet, model, textModel, tokenizer, prompts, fractions, heads, seeds, l2Grid,
                     resamples, bootstrapSeed, minimumPositives, split, trainFraction, validationFraction, splitSeed, cache, output })
            command.Options.Add(option);
        preprocessing.AddTo(command);
        command.SetAction(parse =>
        {
            EcgProtocolOptions options;
            try
            {
                options = new EcgProtocolOptions
                {
                    DatasetPath = parse.GetValue(input)!,
                    Format = parse.GetValue(format),
                    LabelSet = parse.GetValue(labelSet),
                    EcgModelPath = parse.GetValue(model)!,
                    TextModelPath = parse.GetValue(textModel),
                    TokenizerPath = parse.GetValue(tokenizer),
                    PromptsPath = parse.GetValue(prompts),
                    LabelFractions = Numbers("--fractions", parse.GetValue(fractions)!),
                    Heads = ParseHeads(parse.GetValue(heads)!),
                    Seeds = parse.GetValue(seeds),
                    L2Grid = [.. Numbers("--l2-grid", parse.GetValue(l2Grid)!).Select(v => (float)v)],
                    Bootstrap = new AurocBootstrapOptions { Resamples = parse.GetValue(resamples), Seed = parse.GetValue(bootstrapSeed) },
                    MinimumTestPositives = parse.GetValue(minimumPositives),
                    SplitPath = parse.GetValue(split),
                    TrainFraction = parse.GetValue(trainFraction),
                    ValidationFraction = parse.GetValue(validationFraction),
                    SplitSeed = parse.GetValue(splitSeed),
                    CacheFolder = parse.GetValue(cache),
                    Filter = preprocessing.FilterOptions(parse),
                    LeadSet = preprocessing.LeadSet(parse),
                    Log = line => Console.Error.WriteLine(line),
                };
                var result = new MLContext(seed: 0).Model.EvaluateEcgProtocol(options);
                string folder = parse.GetValue(output)!;
                Directory.CreateDirectory(folder);
                result.Save(Path.Combine(folder, "results.json"));
                result.SaveSplit(Path.Combine(folder, "split.csv"));
                EcgProtocolPlot.Save(result, Path.Combine(folder, "auroc.png"));
                Console.Write(result.ToTable());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"time: {string.Join(", ", result.StageSeconds.Select(s => $"{s.Key} {s.Value:0.0} s"))}; embeddings {(result.Provenance["embeddings_from_cache"] == "true" ? "from the cache" : "computed and cached")}"));
                Console.WriteLine($"wrote {Path.Combine(folder, "results.json")}, split.csv and auroc.png");
                return 0;
            }
            catch (ArgumentException e) when (e is not ArgumentNullException)
            {
                UserError.Print(e);
                return 1;
            }
        });
        return command;
    }

    private static double[] Numbers(string option, string text)
    {
        var values = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new ArgumentException($"{option} {text}: '{part}' is not a number");
            values.Add(value);
        }
        return values.Count > 0 ? [.. values] : throw new ArgumentException($"{option} needs at least one number");
    }

    private static ProbeHead[] ParseHeads(string text)
    {
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        return [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name =>
            ProbeHeadNames.All.TryGetValue(name.ToLowerInvariant(), out var head) ? head
                : throw new ArgumentException($"--heads: '{name}' is not a head; choose from lbfgs, sdca, fasttree, lightgbm, or none")).Distinct()];
    }
}
