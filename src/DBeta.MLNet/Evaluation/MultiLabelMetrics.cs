using System.Globalization;
using System.Text;

namespace DBeta.MLNet;

/// <summary>
/// The result of a multi-label evaluation: one <see cref="LabelMetrics"/> per label, macro AUROC over the labels
/// where AUROC is defined, and a plain-text table (<see cref="ToTable"/>).
/// </summary>
public sealed class MultiLabelMetrics
{
    /// <summary>Per-label metrics, in the order the labels were given.</summary>
    public IReadOnlyList<LabelMetrics> PerLabel { get; }

    /// <summary>
    /// The threshold F1, sensitivity and specificity were computed at; NaN when each label has its own
    /// (<see cref="LabelMetrics.Threshold"/>, e.g. chosen on a validation split).
    /// </summary>
    public double Threshold { get; }

    /// <summary>
    /// Mean AUROC over the labels where it is defined (both classes present); NaN when no label has both classes.
    /// Labels left out are those whose <see cref="LabelMetrics.AurocUndefinedReason"/> is set.
    /// </summary>
    public double MacroAuroc { get; }

    /// <summary>How many labels <see cref="MacroAuroc"/> averages.</summary>
    public int MacroAurocLabelCount { get; }

    /// <summary>Mean F1 over all labels (scikit-learn's <c>f1_score(average="macro", zero_division=0)</c>).</summary>
    public double MacroF1 { get; }

    /// <summary>Collects per-label metrics, computed at one threshold or at one per label.</summary>
    /// <exception cref="ArgumentException">No labels.</exception>
    public MultiLabelMetrics(IReadOnlyList<LabelMetrics> perLabel)
    {
        ArgumentNullException.ThrowIfNull(perLabel);
        if (perLabel.Count == 0) throw new ArgumentException("no labels to evaluate", nameof(perLabel));
        PerLabel = perLabel.ToArray();
        Threshold = perLabel.All(m => m.Threshold == perLabel[0].Threshold) ? perLabel[0].Threshold : double.NaN;
        var defined = perLabel.Where(m => m.AurocUndefinedReason is null).ToArray();
        MacroAurocLabelCount = defined.Length;
        MacroAuroc = defined.Length == 0 ? double.NaN : defined.Average(m => m.Auroc);
        MacroF1 = perLabel.Average(m => m.F1);
    }

    /// <summary>The bootstrap interval of <see cref="MacroAuroc"/>, when the evaluation was asked for one (<see cref="AurocBootstrapOptions"/>).</summary>
    public AurocInterval? MacroAurocInterval { get; private init; }

    /// <summary>These metrics with bootstrap intervals of every defined AUROC and of the macro AUROC.</summary>
    internal MultiLabelMetrics WithIntervals(AurocInterval?[] perLabel, AurocInterval? macro) =>
        new(PerLabel.Select((m, j) => m.WithInterval(perLabel[j])).ToArray()) { MacroAurocInterval = macro };

    /// <summary>The metrics of <paramref name="label"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such label was evaluated.</exception>
    public LabelMetrics this[string label] =>
        PerLabel.FirstOrDefault(m => m.Label == label)
            ?? throw new KeyNotFoundException($"label '{label}' was not evaluated; labels: {string.Join(", ", PerLabel.Select(m => m.Label))}");

    /// <summary>
    /// A fixed-width table: one row per label (N, positives, prevalence, AUROC, F1, sensitivity, specificity at the
    /// threshold) and a macro row, with a column of AUROC intervals when they were computed and a column of
    /// thresholds when labels have their own. Undefined AUROC reads <c>n/a (only positives)</c>.
    /// </summary>
    public string ToTable()
    {
        bool ownThresholds = double.IsNaN(Threshold);
        string f1Header = ownThresholds ? "F1" : "F1@" + Number(Threshold, "0.##");
        bool intervals = MacroAurocInterval is not null || PerLabel.Any(m => m.AurocInterval is not null);
        string ciHeader = intervals ? Number(100 * (MacroAurocInterval ?? PerLabel.First(m => m.AurocInterval is not null).AurocInterval!).Level, "0.#") + "% CI" : "";
        string[] header = ["Label", "N", "Pos", "Prev", "AUROC", ciHeader, f1Header, "Sens", "Spec", "Threshold"];
        var rows = new List<string[]> { header };
        foreach (var m in PerLabel)
        {
            rows.Add([
                m.Label,
                m.Count.ToString(CultureInfo.InvariantCulture),
                m.Positives.ToString(CultureInfo.InvariantCulture),
                double.IsNaN(m.Prevalence) ? "n/a" : Number(100 * m.Prevalence, "0.0") + "%",
                m.AurocUndefinedReason is { } reason ? $"n/a ({reason})" : Number(m.Auroc, "0.0000"),
                m.AurocInterval?.ToString() ?? "",
                Number(m.F1, "0.0000"),
                double.IsNaN(m.Sensitivity) ? "n/a" : Number(m.Sensitivity, "0.0000"),
                double.IsNaN(m.Specificity) ? "n/a" : Number(m.Specificity, "0.0000"),
                Number(m.Threshold, "0.####"),
            ]);
        }
        string macroAuroc = MacroAurocLabelCount == 0 ? "n/a (no label has both classes)"
            : MacroAurocLabelCount < PerLabel.Count ? $"{Number(MacroAuroc, "0.0000")} ({MacroAurocLabelCount} of {PerLabel.Count} labels)"
            : Number(MacroAuroc, "0.0000");
        rows.Add(["macro", "", "", "", macroAuroc, MacroAurocInterval?.ToString() ?? "", Number(MacroF1, "0.0000"), "", "", ""]);
        if (!ownThresholds) rows = [.. rows.Select(r => r[..^1])];
        if (!intervals) rows = [.. rows.Select(r => r.Where((_, c) => c != 5).ToArray())];

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        for (int r = 0; r < rows.Count; r++)
        {
            if (r == rows.Count - 1) text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
            // Label column left-aligned, numbers right-aligned.
            var cells = rows[r].Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            text.AppendLine(string.Join("  ", cells).TrimEnd());
        }
        return text.ToString();
    }

    /// <summary>The same as <see cref="ToTable"/>.</summary>
    public override string ToString() => ToTable();

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
