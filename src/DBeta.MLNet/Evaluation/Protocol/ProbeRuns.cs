using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// The probe rows of the protocol: each head trained on the train part at a label fraction and seed (the L-BFGS L2
/// weight chosen on the validation part), its probabilities measured by <see cref="EcgProtocol.Evaluation"/>.
/// </summary>
internal sealed class ProbeRuns
{
    private readonly MLContext _ml;
    private readonly string[] _names;
    private readonly bool[][] _labels;
    private readonly EcgProtocolOptions _options;
    private readonly EcgProtocol.Evaluation _evaluation;
    private readonly Action<string> _log;
    private readonly EmbeddingDataset _train, _measured;
    private readonly bool[][] _trainLabels;
    private readonly int[] _validation, _measuredRows;
    private readonly int _recordCount;

    public ProbeRuns(MLContext ml, float[] embeddings, int dimension, string[] names, bool[][] labels, EcgProtocol.SplitRows split,
        EcgProtocolOptions options, EcgProtocol.Evaluation evaluation, Action<string> log)
    {
        _ml = ml;
        _names = names;
        _labels = labels;
        _options = options;
        _evaluation = evaluation;
        _log = log;
        _validation = split.Validation;
        _trainLabels = [.. labels.Select(l => split.Train.Select(r => l[r]).ToArray())];
        _train = EmbeddingDataset.Create(RowsOf(embeddings, dimension, split.Train), dimension, names, _trainLabels);
        // Only the validation and test records are ever scored: the train part's scores would be thrown away.
        _measuredRows = [.. split.Validation.Concat(split.Test)];
        _measured = EmbeddingDataset.Create(RowsOf(embeddings, dimension, _measuredRows), dimension);
        _recordCount = embeddings.Length / dimension;
    }

    private static float[] RowsOf(float[] embeddings, int dimension, int[] rows)
    {
        var values = new float[rows.Length * dimension];
        for (int i = 0; i < rows.Length; i++) embeddings.AsSpan(rows[i] * dimension, dimension).CopyTo(values.AsSpan(i * dimension));
        return values;
    }

    /// <summary>The row of <paramref name="head"/> at <paramref name="fraction"/>: one fit per seed (one seed at fraction 1, where every seed trains on the same rows).</summary>
    public EcgProtocolRow Run(ProbeHead head, double fraction)
    {
        int seeds = fraction < 1 ? _options.Seeds : 1;
        var metrics = new List<MultiLabelMetrics>();
        var scoresPerSeed = new List<double[][]>();
        var chosenL2 = new List<float>();
        var trainingRows = new List<int>();
        for (int seed = 0; seed < seeds; seed++)
            trainingRows.Add(LabelFractionSampler.SelectRows(_trainLabels, fraction, seed).Length);
        // A tree needs two leaves of MinimumExampleCountPerLeaf rows to split at all: with fewer it predicts a constant
        // (FastTree), or ML.NET fails to read back LightGBM's single-leaf trees. Such a row is reported, not trained.
        int fewest = 2 * new MultiLabelProbeOptions().MinimumExampleCountPerLeaf;
        if (TreeProbeTrainers.IsTreeHead(head) && trainingRows.Min() < fewest)
        {
            string problem = $"{trainingRows.Min()} training rows; a tree needs at least {fewest} to split";
            _log($"{Name(head)} at {fraction:P0} of the training labels: not trained ({problem})");
            return new EcgProtocolRow(Name(head), head, fraction, [], null, [], trainingRows) { Problem = problem };
        }
        for (int seed = 0; seed < seeds; seed++)
        {
            double[][] scores;
            if (head == ProbeHead.LbfgsLogisticRegression)
            {
                (scores, float l2) = BestOnValidation(fraction, seed);
                chosenL2.Add(l2);
            }
            else
            {
                scores = Scores(Fit(head, fraction, seed, _options.L2Grid[0]));
            }
            scoresPerSeed.Add(scores);
            metrics.Add(_evaluation.Measure(_names, _labels, scores, fallbackThreshold: 0.5));
            _log($"{Name(head)} at {fraction:P0} of the training labels, seed {seed}: test macro AUROC {metrics[^1].MacroAuroc:0.0000}");
        }
        var interval = seeds == 1 ? metrics[0].MacroAurocInterval : _evaluation.SeedMeanInterval(_names, _labels, scoresPerSeed);
        return new EcgProtocolRow(Name(head), head, fraction, metrics, interval, chosenL2, trainingRows);
    }

    /// <summary>The head's name in the result table.</summary>
    public static string Name(ProbeHead head) => head switch
    {
        ProbeHead.LbfgsLogisticRegression => "L-BFGS LR",
        ProbeHead.SdcaLogisticRegression => "SDCA LR",
        ProbeHead.FastTree => "FastTree",
        ProbeHead.LightGbm => "LightGBM",
        _ => head.ToString(),
    };

    /// <summary>The L-BFGS probe of the grid weight with the highest validation macro AUROC (ties to the larger weight), as every record's scores.</summary>
    private (double[][] Scores, float L2) BestOnValidation(double fraction, int seed)
    {
        double bestAuroc = double.NegativeInfinity;
        double[][]? bestScores = null;
        float bestL2 = float.NaN;
        var validationLabels = _labels.Select(l => _validation.Select(r => l[r]).ToArray()).ToArray();
        foreach (float l2 in _options.L2Grid.Order())
        {
            var scores = Scores(Fit(ProbeHead.LbfgsLogisticRegression, fraction, seed, l2));
            var validationScores = scores.Select(s => _validation.Select(r => s[r]).ToArray()).ToArray();
            double auroc = MultiLabelEvaluator.Evaluate(_names, validationLabels, validationScores).MacroAuroc;
            // Ascending weights and >=: ties go to the larger weight. NaN (no label with both classes in validation) ranks lowest.
            double key = double.IsNaN(auroc) ? double.NegativeInfinity : auroc;
            if (bestScores is null || key >= bestAuroc) (bestAuroc, bestScores, bestL2) = (key, scores, l2);
        }
        return (bestScores!, bestL2);
    }

    private ITransformer Fit(ProbeHead head, double fraction, int seed, float l2) =>
        _ml.BinaryClassification.Trainers.MultiLabelProbe(new MultiLabelProbeOptions
        {
            LabelColumnNames = _names,
            Head = head,
            LabelFraction = fraction,
            Seed = seed,
            L2Regularization = l2,
        }).Fit(_train);

    /// <summary>The probe's probability of each label for every record (<c>[label][record]</c>), NaN for the train records (never measured).</summary>
    private double[][] Scores(ITransformer model)
    {
        var scored = model.Transform(_measured);
        return [.. _names.Select(name =>
        {
            var scores = new double[_recordCount];
            Array.Fill(scores, double.NaN);
            int i = 0;
            foreach (float v in scored.GetColumn<float>("Probability." + name)) scores[_measuredRows[i++]] = v;
            return scores;
        })];
    }
}
