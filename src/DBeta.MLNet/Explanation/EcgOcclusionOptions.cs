namespace DBeta.MLNet;

/// <summary>Options of <c>ExplainEcgByOcclusion</c>: which score to explain and how the ECG is occluded.</summary>
public sealed class EcgOcclusionOptions
{
    /// <summary>
    /// The model's output column holding the score: a Single column (a probe's <c>Probability.AF</c>) or a vector
    /// (a zero-shot <c>Scores</c>, a probe's <c>Probabilities</c>) read at <see cref="Slot"/>. Default: <c>Scores</c>.
    /// </summary>
    public string ScoreColumnName { get; set; } = DBetaColumnNames.Scores;

    /// <summary>With a vector score column, the slot explained (the label's index). Default 0.</summary>
    public int Slot { get; set; }

    /// <summary>Length of the time windows occluded within each lead, in seconds. Default 0.5 (20 windows over 10 s).</summary>
    public double WindowSeconds { get; set; } = 0.5;

    /// <summary>
    /// What replaces an occluded stretch. Default <see cref="EcgOcclusionFill.Zero"/>: 0 mV, the isoelectric line D-BETA's
    /// raw millivolt input has at rest.
    /// </summary>
    public EcgOcclusionFill Fill { get; set; } = EcgOcclusionFill.Zero;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ScoreColumnName, nameof(ScoreColumnName));
        ArgumentOutOfRangeException.ThrowIfNegative(Slot, nameof(Slot));
        if (!(WindowSeconds > 0) || double.IsInfinity(WindowSeconds))
            throw new ArgumentOutOfRangeException(nameof(WindowSeconds), WindowSeconds, "must be a positive number of seconds");
        if (!Enum.IsDefined(Fill)) throw new ArgumentOutOfRangeException(nameof(Fill), Fill, "not an EcgOcclusionFill value");
    }
}
