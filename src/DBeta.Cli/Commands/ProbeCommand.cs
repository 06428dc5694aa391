using DBeta.MLNet;
using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.Cli.Commands;

/// <summary>
/// <c>dbeta probe</c>: trains a multi-label probe on cached embeddings (<c>[N, D]</c> .npy + gold_standard-style
/// labels), prints per-label AUROC / F1 on a test set and optionally saves the fitted ML.NET model.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var train = new Option<FileInfo>("--train") { Description = "Training embeddings, an [N, D] float32/float64 .npy", Required = true };
        var trainLabels = new Option<FileInfo>("--train-labels") { Description = "Training labels CSV: header of label names (e.g. 1dAVb,RBBB,LBBB,SB,AF,ST), one 0/1 row per embedding", Required = true };
        var test = new Option<FileInfo>("--test") { Description = "Test embeddings, an [M, D] .npy", Required = true };
        var testLabels = new Option<FileInfo>("--test-labels") { Description = "Test labels CSV with the training file's label columns", Required = true };
        var head = new Option<string>("--head") { Description = "Model per label: lr (L-BFGS logistic regression), sdca, fasttree or lightgbm", DefaultValueFactory = _ => "lr" };
        head.AcceptOnlyFromAmong([.. ProbeHeadNames.All.Keys]);
        var fraction = new Option<double>("--fraction") { Description = "Fraction of training rows, stratified per label and seeded (e.g. 0.01, 0.1, 1)", DefaultValueFactory = _ => 1.0 };
        fraction.Validators.Add(result =>
        {
            double f = result.GetValueOrDefault<double>();
            if (!(f > 0 && f <= 1)) result.AddError($"--fraction must be in (0, 1], got {f.ToString(CultureInfo.InvariantCulture)}");
        });
        var seed = new Option<int>("--seed") { Description = "Seed of the row sample and the trainers", DefaultValueFactory = _ => 0 };
        var threshold = new Option<double>("--threshold") { Description = "Probability at or above which a label counts as predicted, for F1 / sensitivity / specificity", DefaultValueFactory = _ => 0.5 };
        var save = new Option<FileInfo?>("--save") { Description = "Write the fitted probe as an ML.NET model zip (mlContext.Model.Load reads it; no DBeta code needed)" };

        var command = new Command("probe", "Train a multi-label probe on cached embeddings and print per-label AUROC and F1 on a test set")
        {
            train, trainLabels, test, testLabels, head, fraction, seed, threshold, save,
        };
        var bootstrap = new BootstrapArguments();
        bootstrap.AddTo(command);
        command.SetAction(parse =>
        {
            string trainPath = parse.GetValue(train)!.FullName, trainLabelsPath = parse.GetValue(trainLabels)!.FullName;
            string testPath = parse.GetValue(test)!.FullName, testLabelsPath = parse.GetValue(testLabels)!.FullName;
            var trainData = EmbeddingDataset.Load(trainPath, trainLabelsPath);
            var testData = EmbeddingDataset.Load(testPath, testLabelsPath, trainData.LabelNames);
            if (testData.Dimension != trainData.Dimension)
                throw new EcgDataException(testPath, $"holds {testData.Dimension}-d embeddings but {trainPath} holds {trainData.Dimension}-d ones");

            string headName = parse.GetValue(head)!;
            var options = new MultiLabelProbeOptions
            {
                LabelColumnNames = trainData.LabelNames,
                Head = ProbeHeadNames.All[headName],
                LabelFraction = parse.GetValue(fraction),
                Seed = parse.GetValue(seed),
            };
            int used = LabelFractionSampler.SelectRows(trainData, trainData.LabelNames, options.LabelFraction, options.Seed).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"probe: {headName} on {trainData.Dimension}-d embeddings, {trainData.LabelNames.Count} labels; training on {used} of {trainData.RowCount} rows (fraction {options.LabelFraction}, seed {options.Seed}); testing on {testData.RowCount} rows"));

            var watch = System.Diagnostics.Stopwatch.StartNew();
            TransformerChain<ITransformer> model;
            try
            {
                model = new MultiLabelProbeEstimator(options).Fit(trainData);
            }
            catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
            {
                // The training data came from these files, so what Fit rejects (a label with one class) is the labels file's problem.
                throw new EcgDataException(trainLabelsPath, e.Message, inner: e);
            }
            var metrics = MultiLabelEvaluator.Evaluate(model.Transform(testData), trainData.LabelNames, threshold: parse.GetValue(threshold), bootstrap: bootstrap.Options(parse));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained and scored in {watch.Elapsed.TotalSeconds:0.00} s"));
            Console.WriteLine();
            Console.Write(metrics.ToTable());

            if (parse.GetValue(save) is { } savePath)
            {
                // The model needs only the embedding column, so that is the input schema saved with it.
                var input = new DataViewSchema.Builder();
                input.AddColumn(trainData.EmbeddingColumnName, trainData.Schema[trainData.EmbeddingColumnName].Type);
                AtomicFile.Write(savePath.FullName, stream => new MLContext(options.Seed).Model.Save(model, input.ToSchema(), stream));
                Console.WriteLine();
                Console.WriteLine($"saved {savePath.FullName}");
            }
            return 0;
        });
        return command;
    }
}
