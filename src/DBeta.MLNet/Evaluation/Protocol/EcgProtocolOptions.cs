namespace DBeta.MLNet;

/// <summary>
/// Options of <c>mlContext.Model.EvaluateEcgProtocol</c>: D-BETA's evaluation protocol on one labelled dataset —
/// linear probes (and tree heads) at label fractions, zero-shot with a prompt per label, per-label and macro AUROC
/// with bootstrap intervals — over embeddings computed once and cached. The defaults are the paper's protocol.
/// </summary>
public sealed class EcgProtocolOptions
{
    /// <summary>The dataset: a PhysioNet Challenge folder (or any folder of WFDB records with <c>#Dx</c> codes), a PTB-XL folder or a CODE-15% folder, told apart by their files. Required.</summary>
    public string DatasetPath { get; set; } = "";

    /// <summary>Its layout, told from the folder by default (a folder of WFDB records reads as Challenge records); the CLI's <c>--format</c>.</summary>
    internal EcgFormat Format { get; set; } = EcgFormat.Auto;

    /// <summary>
    /// The label set: PTB-XL <c>all</c>, <c>diagnostic</c>, <c>subdiagnostic</c>, <c>superdiagnostic</c>, <c>form</c>,
    /// <c>rhythm</c>; Challenge <c>scored</c> or <c>all</c>. Default null: the format's default (PTB-XL superdiagnostic,
    /// Challenge scored, CODE-15% its six labels).
    /// </summary>
    public string? LabelSet { get; set; }

    /// <summary>The D-BETA ECG encoder (<c>dbeta-ecg.onnx</c>). Required.</summary>
    public string EcgModelPath { get; set; } = "";

    /// <summary>The text encoder (<c>dbeta-text.onnx</c>); zero-shot runs when it is given. Default null.</summary>
    public string? TextModelPath { get; set; }

    /// <summary>The T5 SentencePiece model the text encoder needs. Default null.</summary>
    public string? TokenizerPath { get; set; }

    /// <summary>
    /// Zero-shot prompts (a JSON object of label to text, <see cref="PromptSet.Load"/>). Default null: each label's own
    /// description (PTB-XL's statement table, the Challenge's SNOMED CT names, this project's CODE prompts); D-BETA's
    /// lowercasing is the tokenizer's.
    /// </summary>
    public string? PromptsPath { get; set; }

    /// <summary>Fractions of the training labels the probes see (the stratified rule of <see cref="MultiLabelProbeOptions.LabelFraction"/>). Default 0.01, 0.1, 1.</summary>
    public IReadOnlyList<double> LabelFractions { get; set; } = [0.01, 0.1, 1.0];

    /// <summary>Probe heads. Default L-BFGS logistic regression, FastTree, LightGBM.</summary>
    public IReadOnlyList<ProbeHead> Heads { get; set; } = [ProbeHead.LbfgsLogisticRegression, ProbeHead.FastTree, ProbeHead.LightGbm];

    /// <summary>
    /// Seeds per fraction below 1 (seeds 0 .. n-1 draw different training subsets). Default 1. With several, a row's
    /// macro AUROC is the mean over seeds and its interval the bootstrap interval of that mean (each resample of the
    /// test set scores every seed).
    /// </summary>
    public int Seeds { get; set; } = 1;

    /// <summary>
    /// L2 weights the L-BFGS head tries (<see cref="MultiLabelProbeOptions.L2Regularization"/>); the one with the highest
    /// macro AUROC on the validation split is kept, ties going to the larger weight. Default 0.01 to 1000 in decades.
    /// </summary>
    public IReadOnlyList<float> L2Grid { get; set; } = [0.01f, 0.1f, 1f, 10f, 100f, 1000f];

    /// <summary>The bootstrap of the test set. Default 1000 resamples, seed 0, 95 %.</summary>
    public AurocBootstrapOptions Bootstrap { get; set; } = new();

    /// <summary>
    /// Labels with fewer positives than this in the test split are reported but left out of the macro AUROC (the table
    /// says how many labels it averages). Default 5.
    /// </summary>
    public int MinimumTestPositives { get; set; } = 5;

    /// <summary>A filter run on each lead at the record's rate before resampling (<c>FilterEcg</c>). Default null: none, as D-BETA.</summary>
    public EcgFilteringOptions? Filter { get; set; }

    /// <summary>The leads the encoder sees, the others zero (D-BETA's reduced-lead experiment). Default all twelve.</summary>
    public EcgLeadSet LeadSet { get; set; } = EcgLeadSet.Twelve;

    /// <summary>
    /// A split to reuse: a CSV <c>Id,Part</c> (<c>train</c>, <c>validation</c>, <c>test</c>) naming every record, as
    /// <see cref="EcgProtocolResult.SaveSplit"/> writes. Default null: the dataset's own split (PTB-XL folds 1-8 / 9 / 10),
    /// else a seeded split stratified on the labels that keeps each patient (CODE-15%) or record in one part.
    /// </summary>
    public string? SplitPath { get; set; }

    /// <summary>Train and validation shares of a made split (the test gets the rest). Default 0.8 and 0.1, PTB-XL's 8 / 1 / 1 folds.</summary>
    public double TrainFraction { get; set; } = 0.8;

    /// <inheritdoc cref="TrainFraction"/>
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>Seed of a made split. Default 0.</summary>
    public ulong SplitSeed { get; set; }

    /// <summary>
    /// Where embeddings are cached, keyed by the model's SHA-256, the preprocessing and the records (ids, file sizes and
    /// times). Default: <c>dbeta/embeddings</c> under the user's cache folder (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>).
    /// </summary>
    public string? CacheFolder { get; set; }

    /// <summary>ECGs per encoder call. Default 4.</summary>
    public int BatchSize { get; set; } = 4;

    /// <summary>Progress lines (stage and timing); default none.</summary>
    public Action<string>? Log { get; set; }
}
