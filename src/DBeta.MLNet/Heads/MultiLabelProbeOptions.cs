using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>Options of <see cref="MultiLabelProbeEstimator"/>, with the defaults of D-BETA's linear probe.</summary>
public sealed class MultiLabelProbeOptions
{
    /// <summary>The input embedding column, <c>Vector&lt;Single, D&gt;</c>. Default <c>Embedding</c>.</summary>
    public string EmbeddingColumnName { get; set; } = DBetaColumnNames.Embedding;

    /// <summary>The label columns, Boolean or Single (0/1), one model each. Default: the six CODE labels (<see cref="CodeLabels.Names"/>).</summary>
    public IReadOnlyList<string> LabelColumnNames { get; set; } = CodeLabels.Names;

    /// <summary>The model trained per label. Default <see cref="ProbeHead.LbfgsLogisticRegression"/>.</summary>
    public ProbeHead Head { get; set; } = ProbeHead.LbfgsLogisticRegression;

    /// <summary>
    /// Fraction of the training rows used, in (0, 1] (D-BETA reports 0.01, 0.1 and 1): a seeded, label-stratified
    /// sample, as in D-BETA's linear-probe protocol. Default 1.
    /// </summary>
    /// <remarks>
    /// The rule, exactly:
    /// <list type="number">
    /// <item>A fraction of 1 keeps every row. Otherwise the target is n = max(1, round(fraction x N)), rounding halves away from zero.</item>
    /// <item>Rows are put in a random order with <c>new System.Random(seed)</c> (a Fisher-Yates shuffle); that one order decides every choice below.</item>
    /// <item>The strata are the distinct combinations of labels (multi-label rows are stratified on their whole label set,
    ///   so every label's prevalence is kept). Stratum g of size m_g gets floor(fraction x m_g) rows; the rows still
    ///   missing to reach n go one each to the strata with the largest remainders, ties to the stratum met first in the order.</item>
    /// <item>Each stratum gives its rows in the random order.</item>
    /// <item>For each label in turn: when the whole set has a positive but the sample has none, the first positive row in the
    ///   random order is added; the same for negatives. So every label keeps at least one positive and one negative where
    ///   the full set has them, and the sample may exceed n by at most two rows per label.</item>
    /// </list>
    /// Rows are returned in ascending order. The same labels, fraction and seed give the same rows on every machine.
    /// </remarks>
    public double LabelFraction { get; set; } = 1.0;

    /// <summary>Seed of the row sample and of the trainers. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// Linear heads: standardise each embedding dimension with the training rows' mean and standard deviation
    /// before the model (part of the fitted chain), so the L2 penalty treats dimensions alike whatever the
    /// embedding's scale. Tree heads are invariant to it and skip it. Default true.
    /// </summary>
    public bool NormalizeFeatures { get; set; } = true;

    /// <summary>L-BFGS head: L2 weight λ of <c>Σ logloss + λ/2 |w|²</c> (bias not penalised), i.e. scikit-learn's C = 1/λ. Default 1.</summary>
    public float L2Regularization { get; set; } = 1f;

    /// <summary>L-BFGS head: relative improvement at which the optimiser stops. Default 1e-7 (ML.NET's).</summary>
    public float OptimizationTolerance { get; set; } = 1e-7f;

    /// <summary>
    /// SDCA head: L2 weight of SDCA's objective <c>mean(logloss) + λ/2 (|w|² + b²)</c> (ML.NET's SDCA penalises the
    /// bias too). Null (default) uses <see cref="L2Regularization"/> / training rows, L-BFGS's weight per row. SDCA
    /// stops at ML.NET's default 10 % duality gap, so its model lies near, not at, that objective's optimum.
    /// </summary>
    public float? SdcaL2Regularization { get; set; }

    /// <summary>SDCA head: most passes over the data; null lets ML.NET choose (its default; it stops earlier on convergence).</summary>
    public int? SdcaMaximumNumberOfIterations { get; set; }

    /// <summary>FastTree and LightGBM heads: boosting rounds. Default 100.</summary>
    public int NumberOfTrees { get; set; } = 100;

    /// <summary>FastTree and LightGBM heads: leaves per tree. Default 20.</summary>
    public int NumberOfLeaves { get; set; } = 20;

    /// <summary>FastTree and LightGBM heads: fewest training rows in a leaf. Default 10.</summary>
    public int MinimumExampleCountPerLeaf { get; set; } = 10;

    /// <summary>FastTree and LightGBM heads: shrinkage of each tree. Default 0.2 (FastTree's).</summary>
    public double LearningRate { get; set; } = 0.2;

    /// <summary>Threads per trainer. Default 1: results then do not depend on the machine's core count.</summary>
    public int NumberOfThreads { get; set; } = 1;

    /// <summary>
    /// Labels trained at the same time, each by its own trainer. Default: the processor count. The models do not
    /// depend on it.
    /// </summary>
    public int LabelsInParallel { get; set; } = Environment.ProcessorCount;

    /// <summary>Prefix of the per-label raw score columns (<c>Score.RBBB</c>). Default <c>Score.</c>.</summary>
    public string ScoreColumnPrefix { get; set; } = "Score.";

    /// <summary>Prefix of the per-label probability columns (<c>Probability.RBBB</c>). Default <c>Probability.</c>.</summary>
    public string ProbabilityColumnPrefix { get; set; } = "Probability.";

    /// <summary>The vector of all labels' probabilities, in label order. Default <c>Probabilities</c>.</summary>
    public string ProbabilitiesColumnName { get; set; } = "Probabilities";

    /// <summary>A deep copy: the estimator keeps its own, so later changes to these options do not reach it.</summary>
    internal MultiLabelProbeOptions Clone()
    {
        var copy = (MultiLabelProbeOptions)MemberwiseClone();
        copy.LabelColumnNames = LabelColumnNames?.ToArray()!;
        return copy;
    }
}
