namespace DBeta.MLNet;

/// <summary>
/// The computation behind <see cref="AurocBootstrapOptions"/>: per-label and macro AUROC intervals from one set of
/// resamples. A resample is held as a count per row, so each label's AUROC is one pass over its rows sorted once
/// (ties counted half, as scikit-learn's <c>roc_auc_score</c> does): <c>O(resamples x labels x rows)</c>.
/// </summary>
internal static class AurocBootstrap
{
    /// <summary>
    /// Intervals for each label (null where AUROC is undefined on the full set) and for the macro AUROC over the
    /// labels where it is defined (null when none is).
    /// </summary>
    public static (AurocInterval?[] PerLabel, AurocInterval? Macro) Compute(IReadOnlyList<bool[]> labels, IReadOnlyList<double[]> scores, AurocBootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int k = labels.Count, n = k == 0 ? 0 : labels[0].Length;
        var orders = new int[k][];
        var defined = new bool[k];
        for (int j = 0; j < k; j++)
        {
            int positives = labels[j].Count(l => l);
            defined[j] = positives > 0 && positives < n;
            var keys = scores[j].Select(s => -s).ToArray();
            orders[j] = [.. Enumerable.Range(0, n)];
            Array.Sort(keys, orders[j]);
        }
        int evaluated = defined.Count(d => d);
        var values = Enumerable.Range(0, k).Select(_ => new List<double>(options.Resamples)).ToArray();
        var macro = new List<double>(options.Resamples);
        var counts = new int[n];
        var generator = new SeededUniform(options.Seed);
        for (int b = 0; b < options.Resamples; b++)
        {
            Array.Clear(counts);
            for (int i = 0; i < n; i++) counts[Draw(ref generator, n)]++;
            double sum = 0;
            bool allValid = true;
            for (int j = 0; j < k; j++)
            {
                if (!defined[j]) continue;
                double auroc = WeightedAuroc(labels[j], scores[j], orders[j], counts);
                if (double.IsNaN(auroc)) { allValid = false; continue; }
                values[j].Add(auroc);
                sum += auroc;
            }
            if (allValid && evaluated > 0) macro.Add(sum / evaluated);
        }
        var perLabel = new AurocInterval?[k];
        for (int j = 0; j < k; j++)
            if (defined[j]) perLabel[j] = Interval(values[j], options);
        return (perLabel, evaluated > 0 ? Interval(macro, options) : null);
    }

    /// <summary>The next row of a resample of <paramref name="n"/> rows: <c>floor(u * n / 2^64)</c> for the generator's next 64 bits <c>u</c>.</summary>
    internal static int Draw(ref SeededUniform generator, int n) => (int)(((UInt128)generator.NextBits() * (ulong)n) >> 64);

    /// <summary>AUROC of the rows repeated <paramref name="counts"/> times; NaN when one class is absent.</summary>
    private static double WeightedAuroc(bool[] labels, double[] scores, int[] descending, int[] counts)
    {
        long positives = 0, negatives = 0;
        foreach (int i in descending)
            if (labels[i]) positives += counts[i]; else negatives += counts[i];
        if (positives == 0 || negatives == 0) return double.NaN;
        // Twice the area in units of 1 / (positives x negatives), summed over groups of tied scores: exact in integers.
        Int128 twiceArea = 0;
        long tp = 0, fp = 0;
        for (int g = 0; g < descending.Length;)
        {
            double score = scores[descending[g]];
            long tpBefore = tp, fpBefore = fp;
            for (; g < descending.Length && scores[descending[g]] == score; g++)
            {
                int i = descending[g];
                if (labels[i]) tp += counts[i]; else fp += counts[i];
            }
            twiceArea += (Int128)(fp - fpBefore) * (tp + tpBefore);
        }
        return (double)twiceArea / (2.0 * positives * negatives);
    }

    private static AurocInterval Interval(List<double> values, AurocBootstrapOptions options)
    {
        if (values.Count < 2) return new AurocInterval(double.NaN, double.NaN, options.Level, values.Count, options.Resamples);
        values.Sort();
        return new AurocInterval(Percentile(values, (1 - options.Level) / 2), Percentile(values, (1 + options.Level) / 2),
            options.Level, values.Count, options.Resamples);
    }

    /// <summary>numpy's default percentile: linear interpolation between the sorted values at <c>q (N - 1)</c>.</summary>
    private static double Percentile(List<double> sorted, double q)
    {
        double h = q * (sorted.Count - 1);
        int low = (int)Math.Floor(h);
        int high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }
}
