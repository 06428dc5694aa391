namespace DBeta.MLNet;

/// <summary>One method at one label fraction of an <see cref="EcgProtocolResult"/>: its test metrics, per seed and averaged.</summary>
public sealed class EcgProtocolRow
{
    internal EcgProtocolRow(string method, ProbeHead? head, double? labelFraction, IReadOnlyList<MultiLabelMetrics> seeds,
        AurocInterval? macroAurocInterval, IReadOnlyList<float> chosenL2, IReadOnlyList<int> trainingRows)
    {
        Method = method;
        Head = head;
        LabelFraction = labelFraction;
        Seeds = seeds;
        MacroAurocInterval = macroAurocInterval;
        ChosenL2 = chosenL2;
        TrainingRows = trainingRows;
        MacroAuroc = seeds.Count == 0 ? double.NaN : seeds.Average(m => m.MacroAuroc);
    }

    /// <summary><c>Zero-shot</c>, or the probe head's name (<c>L-BFGS LR</c>, <c>FastTree</c>, <c>LightGBM</c>, <c>SDCA LR</c>).</summary>
    public string Method { get; }

    /// <summary>The probe head; null for zero-shot.</summary>
    public ProbeHead? Head { get; }

    /// <summary>The fraction of training labels the probe saw; null for zero-shot (it sees none).</summary>
    public double? LabelFraction { get; }

    /// <summary>The test metrics of each seed, none when the row was not trained (one for zero-shot and for the full training set), with per-label bootstrap intervals and thresholds chosen on validation.</summary>
    public IReadOnlyList<MultiLabelMetrics> Seeds { get; }

    /// <summary>The test metrics of the first seed; null when the row was not trained (<see cref="Problem"/>).</summary>
    public MultiLabelMetrics? Metrics => Seeds.Count > 0 ? Seeds[0] : null;

    /// <summary>Why the row has no metrics (e.g. too few training rows at 1 % for a tree head to split); null when it has them.</summary>
    public string? Problem { get; internal init; }

    /// <summary>Macro AUROC on the test split, the mean over <see cref="Seeds"/>.</summary>
    public double MacroAuroc { get; }

    /// <summary>Bootstrap interval of <see cref="MacroAuroc"/> (of the seed mean when there are several).</summary>
    public AurocInterval? MacroAurocInterval { get; }

    /// <summary>The L2 weight chosen on the validation split for each seed (L-BFGS only; empty otherwise).</summary>
    public IReadOnlyList<float> ChosenL2 { get; }

    /// <summary>Training rows of each seed's sample (empty for zero-shot).</summary>
    public IReadOnlyList<int> TrainingRows { get; }
}
