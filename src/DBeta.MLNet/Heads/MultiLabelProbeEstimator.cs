using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace DBeta.MLNet;

/// <summary>
/// Trains a multi-label probe on an embedding column: one binary model per label (several labels may be true for
/// one ECG), optionally on a seeded, label-stratified fraction of the rows (<see cref="LabelFractionSampler"/>).
/// </summary>
/// <remarks>
/// <see cref="Fit"/> returns a plain ML.NET <see cref="TransformerChain{TLastTransformer}"/> made only of ML.NET's own
/// transformers (for the linear heads a schema-checking model and a mean-variance normalizer; then one binary prediction
/// transformer per label, column copies, a concatenation, a column drop), so <c>mlContext.Model.Save</c> / <c>Load</c>
/// round-trip it with no code of this library registered, and applying it to a wrong embedding column fails at once with
/// ML.NET's <c>Schema mismatch for feature column</c> error.
/// Applied to data with the embedding column (labels are not needed), it adds per label <c>Score.&lt;label&gt;</c> and
/// <c>Probability.&lt;label&gt;</c> (Single) and a <c>Probabilities</c> vector (<c>Vector&lt;Single, K&gt;</c>, label order),
/// and removes the trainers' shared <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> columns.
/// Training runs in its own <see cref="MLContext"/> seeded with <see cref="MultiLabelProbeOptions.Seed"/>, so a seed gives the same rows
/// and, with <see cref="MultiLabelProbeOptions.NumberOfThreads"/> = 1, the same model.
/// </remarks>
public sealed class MultiLabelProbeEstimator : IEstimator<TransformerChain<ITransformer>>
{
    // Intermediate column names, dropped from the output.
    private const string FeaturesColumn = "__DBetaProbe.Features";
    private const string LabelColumn = "__DBetaProbe.Label";

    private readonly MultiLabelProbeOptions _options;

    /// <summary>The estimator's own copy of its options.</summary>
    internal MultiLabelProbeOptions Options => _options;
    private readonly string[] _labels;

    /// <summary>Creates the estimator; the options are copied.</summary>
    /// <exception cref="ArgumentException">An option is out of range or column names collide.</exception>
    internal MultiLabelProbeEstimator(MultiLabelProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _labels = _options.LabelColumnNames is { } names ? [.. names] : [];
        Validate(_options, _labels);
    }

    /// <summary>The per-label probability column of <paramref name="label"/> (e.g. <c>Probability.RBBB</c>).</summary>
    public string ProbabilityColumnName(string label) => _options.ProbabilityColumnPrefix + label;

    /// <summary>The per-label raw score column of <paramref name="label"/> (e.g. <c>Score.RBBB</c>).</summary>
    public string ScoreColumnName(string label) => _options.ScoreColumnPrefix + label;

    /// <summary>
    /// Checks the embedding and label columns, picks the training rows (<see cref="MultiLabelProbeOptions.LabelFraction"/>), trains
    /// one model per label and returns the fitted chain.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it, the expected and the actual type.</exception>
    /// <exception cref="ArgumentException">A label is not 0/1, an embedding value is not finite, or a label lacks positives or negatives.</exception>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int dimension = ColumnCheck.SingleVector(input.Schema, _options.EmbeddingColumnName);
        foreach (string label in _labels) ColumnCheck.BinaryLabel(input.Schema, label);

        bool[][] labels = ColumnValues.ReadBinaryLabels(input, _labels);
        int[] rows = LabelFractionSampler.SelectRows(labels, _options.LabelFraction, _options.Seed);
        for (int j = 0; j < _labels.Length; j++)
        {
            int positives = rows.Count(r => labels[j][r]);
            if (positives == 0 || positives == rows.Length)
                throw new ArgumentException(
                    $"Label column '{_labels[j]}' has {(positives == 0 ? "no positive" : "no negative")} rows among the {rows.Length} training rows; a binary probe needs both classes");
        }
        var training = EmbeddingDataset.Create(
            ReadEmbeddings(input, dimension, rows), dimension, _labels,
            labels.Select(column => rows.Select(r => column[r]).ToArray()).ToArray(), _options.EmbeddingColumnName);

        var ml = new MLContext(_options.Seed);
        var chain = new List<ITransformer>();
        IDataView features = training;
        string featureColumn = _options.EmbeddingColumnName;
        if (Normalizes)
        {
            // ML.NET's normalizer does not check its input's type or size when applied (a wrong embedding then fails
            // deep inside a cursor); prediction transformers do. So a one-iteration model bound to the raw
            // embedding goes first, as the chain's schema check; its outputs are replaced and dropped.
            var guard = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = _labels[0],
                FeatureColumnName = featureColumn,
                MaximumNumberOfIterations = 1,
                NumberOfThreads = 1,
            }).Fit(training);
            var normalizer = ml.Transforms.NormalizeMeanVariance(FeaturesColumn, featureColumn, fixZero: false).Fit(training);
            chain.Add(guard);
            chain.Add(normalizer);
            features = normalizer.Transform(training);
            featureColumn = FeaturesColumn;
        }

        // One trainer per label, several at once; each has its own context seeded alike, so a model does not depend on
        // which labels trained beside it.
        var models = new ITransformer[_labels.Length];
        Parallel.For(0, _labels.Length, new ParallelOptions { MaxDegreeOfParallelism = _options.LabelsInParallel },
            j => models[j] = CreateTrainer(new MLContext(_options.Seed), _labels[j], featureColumn, rows.Length).Fit(features));

        IDataView output = features;
        for (int j = 0; j < _labels.Length; j++)
        {
            string label = _labels[j];
            var model = models[j];
            output = model.Transform(output);
            chain.Add(model);
            foreach (var (to, from) in CopiedColumns(label))
            {
                var copy = ml.Transforms.CopyColumns(to, from).Fit(output);
                output = copy.Transform(output);
                chain.Add(copy);
            }
        }
        var concatenate = ml.Transforms.Concatenate(_options.ProbabilitiesColumnName, _labels.Select(ProbabilityColumnName).ToArray()).Fit(output);
        output = concatenate.Transform(output);
        var drop = ml.Transforms.DropColumns(DroppedColumns()).Fit(output);
        chain.Add(concatenate);
        chain.Add(drop);
        return new TransformerChain<ITransformer>([.. chain]);
    }

    /// <summary>
    /// The output schema for an input schema: checks the embedding column (a Single vector) and the label columns
    /// (Boolean or Single), then adds the score, probability and probabilities columns.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it, the expected and the actual type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnCheck.SingleVector(inputSchema, _options.EmbeddingColumnName);
        foreach (string label in _labels) ColumnCheck.BinaryLabel(inputSchema, label);

        // The same steps as Fit, unfitted, so ML.NET's own estimators describe the columns they add.
        var ml = new MLContext(_options.Seed);
        IEstimator<ITransformer> shape = new EstimatorChain<ITransformer>();
        string featureColumn = _options.EmbeddingColumnName;
        if (Normalizes)
        {
            shape = shape.Append(ml.Transforms.NormalizeMeanVariance(FeaturesColumn, featureColumn, fixZero: false));
            featureColumn = FeaturesColumn;
        }
        foreach (string label in _labels)
        {
            shape = shape
                .Append(ml.Transforms.Conversion.ConvertType(LabelColumn, label, DataKind.Boolean))
                .Append(CreateTrainer(ml, LabelColumn, featureColumn, trainingRows: 1));
            foreach (var (to, from) in CopiedColumns(label))
                shape = shape.Append(ml.Transforms.CopyColumns(to, from));
        }
        shape = shape
            .Append(ml.Transforms.Concatenate(_options.ProbabilitiesColumnName, _labels.Select(ProbabilityColumnName).ToArray()))
            .Append(ml.Transforms.DropColumns([.. DroppedColumns(), LabelColumn]));
        return shape.GetOutputSchema(inputSchema);
    }

    private (string To, string From)[] CopiedColumns(string label) =>
        [(ScoreColumnName(label), "Score"), (ProbabilityColumnName(label), "Probability")];

    private bool Normalizes => _options.NormalizeFeatures && _options.Head is ProbeHead.LbfgsLogisticRegression or ProbeHead.SdcaLogisticRegression;

    private string[] DroppedColumns() =>
        Normalizes ? ["Score", "Probability", "PredictedLabel", FeaturesColumn] : ["Score", "Probability", "PredictedLabel"];

    private IEstimator<ITransformer> CreateTrainer(MLContext ml, string label, string features, int trainingRows)
    {
        var o = _options;
        var trainers = ml.BinaryClassification.Trainers;
        return o.Head switch
        {
            ProbeHead.LbfgsLogisticRegression => trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = label,
                FeatureColumnName = features,
                L2Regularization = o.L2Regularization,
                L1Regularization = 0,
                OptimizationTolerance = o.OptimizationTolerance,
                NumberOfThreads = o.NumberOfThreads,
            }),
            ProbeHead.SdcaLogisticRegression => trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = label,
                FeatureColumnName = features,
                L2Regularization = o.SdcaL2Regularization ?? o.L2Regularization / trainingRows,
                L1Regularization = 0, // otherwise ML.NET adds its own L1 from 100 features on (threshold 0.25 at D-BETA's 768)
                MaximumNumberOfIterations = o.SdcaMaximumNumberOfIterations,
                NumberOfThreads = o.NumberOfThreads,
            }),
            ProbeHead.FastTree or ProbeHead.LightGbm => TreeProbeTrainers.Require(o.Head).Create(ml, o, label, features),
            _ => throw new ArgumentOutOfRangeException(nameof(Options.Head), o.Head, "unknown probe head"),
        };
    }

    /// <summary>The embeddings of <paramref name="rows"/> (ascending), row-major, checked finite.</summary>
    private float[] ReadEmbeddings(IDataView input, int dimension, int[] rows)
    {
        var column = input.Schema[_options.EmbeddingColumnName];
        var values = new float[(long)rows.Length * dimension];
        using var cursor = input.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> row = default;
        int next = 0;
        while (next < rows.Length && cursor.MoveNext())
        {
            if (cursor.Position != rows[next]) continue;
            getter(ref row);
            var destination = values.AsSpan(next * dimension, dimension);
            row.CopyTo(destination);
            foreach (float v in destination)
                if (!float.IsFinite(v))
                    throw new ArgumentException(
                        $"Embedding column '{column.Name}' row {cursor.Position} has the value {v}; a probe needs finite embeddings");
            next++;
        }
        if (next != rows.Length)
            throw new InvalidOperationException($"the input had {rows.Length - next} fewer rows on the second pass than on the first");
        return values;
    }

    private static void Validate(MultiLabelProbeOptions o, string[] labels)
    {
        static void Require(bool ok, string name, string problem)
        {
            if (!ok) throw new ArgumentException($"{name}: {problem}", name);
        }
        Require(!string.IsNullOrEmpty(o.EmbeddingColumnName), nameof(o.EmbeddingColumnName), "must name a column");
        Require(labels is { Length: > 0 } && labels.All(l => !string.IsNullOrEmpty(l)), nameof(o.LabelColumnNames), "must name at least one label column");
        Require(labels.Distinct().Count() == labels.Length, nameof(o.LabelColumnNames), $"names a column twice: {string.Join(", ", labels)}");
        Require(!labels.Contains(o.EmbeddingColumnName), nameof(o.LabelColumnNames), $"includes the embedding column '{o.EmbeddingColumnName}'");
        Require(o.LabelFraction > 0 && o.LabelFraction <= 1, nameof(o.LabelFraction), $"is {o.LabelFraction}; expected a fraction in (0, 1], e.g. 0.01, 0.1 or 1");
        Require(Enum.IsDefined(o.Head), nameof(o.Head), $"{o.Head} is not a probe head");
        if (TreeProbeTrainers.IsTreeHead(o.Head)) TreeProbeTrainers.Require(o.Head);
        Require(o.L2Regularization >= 0 && float.IsFinite(o.L2Regularization), nameof(o.L2Regularization), "must be finite and >= 0");
        Require(o.OptimizationTolerance > 0, nameof(o.OptimizationTolerance), "must be > 0");
        Require(o.SdcaL2Regularization is null or >= 0, nameof(o.SdcaL2Regularization), "must be null or >= 0");
        Require(o.SdcaMaximumNumberOfIterations is null or > 0, nameof(o.SdcaMaximumNumberOfIterations), "must be null or > 0");
        Require(o.NumberOfTrees > 0, nameof(o.NumberOfTrees), "must be > 0");
        Require(o.NumberOfLeaves >= 2, nameof(o.NumberOfLeaves), "must be >= 2");
        Require(o.MinimumExampleCountPerLeaf > 0, nameof(o.MinimumExampleCountPerLeaf), "must be > 0");
        Require(o.LearningRate > 0 && double.IsFinite(o.LearningRate), nameof(o.LearningRate), "must be finite and > 0");
        Require(o.NumberOfThreads > 0, nameof(o.NumberOfThreads), "must be > 0");
        Require(o.LabelsInParallel > 0, nameof(o.LabelsInParallel), "must be > 0");
        Require(!string.IsNullOrEmpty(o.ProbabilitiesColumnName), nameof(o.ProbabilitiesColumnName), "must name a column");
        Require(o.ScoreColumnPrefix is not null && o.ProbabilityColumnPrefix is not null && o.ScoreColumnPrefix != o.ProbabilityColumnPrefix,
            nameof(o.ProbabilityColumnPrefix), "the score and probability prefixes must differ");
    }
}
