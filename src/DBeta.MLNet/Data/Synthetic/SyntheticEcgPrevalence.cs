using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// How often each CODE label occurs among synthetic ECGs (marginal probabilities, 0..1). Labels co-occur where the
/// physiology allows (1dAVb with SB, RBBB with AF, ...); atrial fibrillation excludes SB, ST and 1dAVb (no sinus P waves),
/// SB and ST exclude each other, and RBBB and LBBB exclude each other. Records with no label are normal sinus rhythm.
/// </summary>
public sealed class SyntheticEcgPrevalence
{
    /// <summary>First-degree AV block (PR 215-320 ms). Default 0.10.</summary>
    public double FirstDegreeAvBlock { get; set; } = 0.10;

    /// <summary>Right bundle branch block (QRS 125-155 ms). Default 0.10.</summary>
    public double RightBundleBranchBlock { get; set; } = 0.10;

    /// <summary>Left bundle branch block (QRS 130-165 ms). Default 0.10.</summary>
    public double LeftBundleBranchBlock { get; set; } = 0.10;

    /// <summary>Sinus bradycardia (40-57 bpm). Default 0.10.</summary>
    public double SinusBradycardia { get; set; } = 0.10;

    /// <summary>Atrial fibrillation. Default 0.10.</summary>
    public double AtrialFibrillation { get; set; } = 0.10;

    /// <summary>Sinus tachycardia (103-145 bpm). Default 0.10.</summary>
    public double SinusTachycardia { get; set; } = 0.10;

    /// <summary>The six prevalences in <see cref="CodeLabels.Names"/> order.</summary>
    public IReadOnlyList<double> ToCodeOrder() =>
        [FirstDegreeAvBlock, RightBundleBranchBlock, LeftBundleBranchBlock, SinusBradycardia, AtrialFibrillation, SinusTachycardia];

    /// <summary>Sets the prevalence of the label named <paramref name="codeName"/> (<c>1dAVb</c>, <c>RBBB</c>, ...).</summary>
    public void Set(string codeName, double value)
    {
        switch (CodeLabels.IndexOf(codeName))
        {
            case 0: FirstDegreeAvBlock = value; break;
            case 1: RightBundleBranchBlock = value; break;
            case 2: LeftBundleBranchBlock = value; break;
            case 3: SinusBradycardia = value; break;
            case 4: AtrialFibrillation = value; break;
            case 5: SinusTachycardia = value; break;
            default:
                throw new ArgumentException($"unknown label '{codeName}'; expected one of {string.Join(", ", CodeLabels.Names)}", nameof(codeName));
        }
    }

    /// <summary>
    /// Reads <c>LABEL=p[,LABEL=p...]</c> (e.g. <c>AF=0.2,RBBB=0.05</c>; <c>all=0.15</c> sets all six) on top of the defaults.
    /// </summary>
    public static SyntheticEcgPrevalence Parse(string text)
    {
        var result = new SyntheticEcgPrevalence();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] kv = part.Split('=', StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
                throw new ArgumentException($"prevalence '{part}' is not LABEL=probability (e.g. AF=0.2)", nameof(text));
            if (string.Equals(kv[0], "all", StringComparison.OrdinalIgnoreCase))
                foreach (string name in CodeLabels.Names) result.Set(name, p);
            else
                result.Set(kv[0], p);
        }
        result.Validate();
        return result;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the prevalences can all be met together.</summary>
    public void Validate()
    {
        var values = ToCodeOrder();
        for (int i = 0; i < values.Count; i++)
            if (!(values[i] >= 0 && values[i] <= 1))
                throw new ArgumentException($"prevalence of {CodeLabels.Names[i]} is {values[i]}, expected a probability in [0, 1]");
        if (AtrialFibrillation + SinusBradycardia + SinusTachycardia > 1 + 1e-12)
            throw new ArgumentException($"AF, SB and ST exclude each other, so their prevalences must sum to at most 1 (got {AtrialFibrillation + SinusBradycardia + SinusTachycardia})");
        if (AtrialFibrillation + FirstDegreeAvBlock > 1 + 1e-12)
            throw new ArgumentException($"AF excludes 1dAVb (no PR interval), so their prevalences must sum to at most 1 (got {AtrialFibrillation + FirstDegreeAvBlock})");
        if (RightBundleBranchBlock + LeftBundleBranchBlock > 1 + 1e-12)
            throw new ArgumentException($"RBBB and LBBB exclude each other, so their prevalences must sum to at most 1 (got {RightBundleBranchBlock + LeftBundleBranchBlock})");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join(",", CodeLabels.Names.Zip(ToCodeOrder(), (n, p) => $"{n}={p.ToString("0.###", CultureInfo.InvariantCulture)}"));
}
