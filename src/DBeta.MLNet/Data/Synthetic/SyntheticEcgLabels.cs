using System.Globalization;

namespace DBeta.MLNet;

/// <summary>The ground truth of one synthetic ECG: its CODE labels and the intervals it was built with.</summary>
internal sealed class SyntheticEcgLabels
{
    /// <summary>First-degree AV block (<c>1dAVb</c>): PR above 200 ms.</summary>
    public bool FirstDegreeAvBlock { get; init; }

    /// <summary>Right bundle branch block (<c>RBBB</c>).</summary>
    public bool RightBundleBranchBlock { get; init; }

    /// <summary>Left bundle branch block (<c>LBBB</c>).</summary>
    public bool LeftBundleBranchBlock { get; init; }

    /// <summary>Sinus bradycardia (<c>SB</c>): sinus rhythm below 60 bpm.</summary>
    public bool SinusBradycardia { get; init; }

    /// <summary>Atrial fibrillation (<c>AF</c>).</summary>
    public bool AtrialFibrillation { get; init; }

    /// <summary>Sinus tachycardia (<c>ST</c>): sinus rhythm above 100 bpm.</summary>
    public bool SinusTachycardia { get; init; }

    /// <summary>True when none of the six labels is set: normal sinus rhythm, 60-100 bpm, normal conduction.</summary>
    public bool IsNormal => !(FirstDegreeAvBlock || RightBundleBranchBlock || LeftBundleBranchBlock || SinusBradycardia || AtrialFibrillation || SinusTachycardia);

    /// <summary>Mean heart rate over the record, bpm: 60 (n - 1) / (time from first to last QRS onset in the record).</summary>
    public double HeartRateBpm { get; init; }

    /// <summary>PR interval (P onset to QRS onset), ms; null in atrial fibrillation.</summary>
    public double? PrIntervalMs { get; init; }

    /// <summary>QRS duration, ms.</summary>
    public double QrsDurationMs { get; init; }

    /// <summary>Rate-corrected QT (Bazett), ms.</summary>
    public double QTcMs { get; init; }

    /// <summary>QRS onset times, seconds from the first sample, of the beats that start inside the record.</summary>
    public IReadOnlyList<double> QrsOnsets { get; init; } = [];

    /// <summary>The six labels in <see cref="CodeLabels.Names"/> order (1dAVb, RBBB, LBBB, SB, AF, ST).</summary>
    public IReadOnlyList<bool> ToCodeOrder() =>
        [FirstDegreeAvBlock, RightBundleBranchBlock, LeftBundleBranchBlock, SinusBradycardia, AtrialFibrillation, SinusTachycardia];

    /// <summary>The names of the set labels, or <c>normal</c>; e.g. <c>RBBB, 1dAVb</c>.</summary>
    public string LabelText
    {
        get
        {
            var set = CodeLabels.Names.Where((_, i) => ToCodeOrder()[i]).ToArray();
            return set.Length == 0 ? "normal" : string.Join(", ", set);
        }
    }

    /// <summary>One line for titles and logs: labels, rate, PR, QRS, QTc.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{LabelText}; {HeartRateBpm:0} bpm; PR {(PrIntervalMs is double pr ? $"{pr:0} ms" : "n/a")}; QRS {QrsDurationMs:0} ms; QTc {QTcMs:0} ms");
}
