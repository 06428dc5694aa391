namespace DBeta.MLNet;

/// <summary>Options for loading PTB-XL in its own layout (<c>ptbxl_database.csv</c>, <c>scp_statements.csv</c>, <c>records100/</c>, <c>records500/</c>).</summary>
public sealed class PtbXlOptions : EcgDatasetOptions
{
    /// <summary>The label set, one Boolean column per label in ordinal order of the names. Default: <see cref="PtbXlLabelSet.Superdiagnostic"/>.</summary>
    public PtbXlLabelSet LabelSet { get; set; } = PtbXlLabelSet.Superdiagnostic;

    /// <summary>
    /// Which signals to read: 100 (<c>filename_lr</c>, <c>records100/</c>) or 500 Hz (<c>filename_hr</c>,
    /// <c>records500/</c>). Default: 500, D-BETA's input rate.
    /// </summary>
    public int SampleRate { get; set; } = 500;

    /// <summary>The <c>strat_fold</c> values to load (see <see cref="PtbXlFolds"/>). Default: <see cref="PtbXlFolds.All"/>.</summary>
    public IReadOnlyList<int> Folds { get; set; } = PtbXlFolds.All;
}
