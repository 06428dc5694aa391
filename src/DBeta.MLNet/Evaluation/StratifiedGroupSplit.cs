namespace DBeta.MLNet;

/// <summary>
/// A seeded multi-label stratified split that keeps each group (a patient, or a record when patients are unknown) in
/// one part, for datasets without official folds. Deterministic and documented so that any language can repeat it
/// (<c>tests/reference/make_split_fixtures.py</c> does):
/// <list type="number">
/// <item>groups in order of first appearance are shuffled by Fisher-Yates with a SplitMix64 generator seeded with the
/// seed (from the last position down, swapping position <c>i</c> with draw <c>floor(u (i + 1) / 2^64)</c>);</item>
/// <item>they are then ordered, stably, by the total count of the rarest label they hold (rarest first; groups with no
/// label last);</item>
/// <item>each in turn goes to the part whose count of that label lags its target (fraction x total) most, ties broken
/// by the part lagging most in records, then by Train, Validation, Test order; groups with no label go to the part
/// lagging most in records.</item>
/// </list>
/// This is the greedy step of iterative stratification (Sechidis et al., 2011) applied to whole groups.
/// </summary>
internal static class StratifiedGroupSplit
{
    /// <summary>The part of each record: <paramref name="labels"/> is <c>[records, labelCount]</c> 0/1, <paramref name="groupOfRecord"/> its group key.</summary>
    public static EcgSplitPart[] Assign(IReadOnlyList<string> groupOfRecord, float[] labels, int labelCount, double trainFraction, double validationFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(groupOfRecord);
        ArgumentNullException.ThrowIfNull(labels);
        int n = groupOfRecord.Count;
        if (labels.Length != (long)n * labelCount) throw new ArgumentException($"{labels.Length} label values for {n} records x {labelCount} labels", nameof(labels));
        if (!(trainFraction >= 0 && validationFraction >= 0 && trainFraction + validationFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), $"train {trainFraction} and validation {validationFraction} must be fractions summing to at most 1");
        double[] fractions = [trainFraction, validationFraction, 1 - trainFraction - validationFraction];

        var groupIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var recordsOf = new List<List<int>>();
        for (int r = 0; r < n; r++)
        {
            if (!groupIndex.TryGetValue(groupOfRecord[r], out int g)) { g = recordsOf.Count; groupIndex[groupOfRecord[r]] = g; recordsOf.Add([]); }
            recordsOf[g].Add(r);
        }
        int groups = recordsOf.Count;
        var counts = new long[groups, labelCount];
        var totals = new long[labelCount];
        for (int g = 0; g < groups; g++)
            foreach (int r in recordsOf[g])
                for (int k = 0; k < labelCount; k++)
                    if (labels[r * labelCount + k] != 0) { counts[g, k]++; totals[k]++; }

        var order = Enumerable.Range(0, groups).ToArray();
        var generator = new SeededUniform(seed);
        for (int i = groups - 1; i > 0; i--)
        {
            int j = AurocBootstrap.Draw(ref generator, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var rarest = new int[groups];
        for (int g = 0; g < groups; g++)
        {
            rarest[g] = -1;
            for (int k = 0; k < labelCount; k++)
                if (counts[g, k] > 0 && (rarest[g] < 0 || totals[k] < totals[rarest[g]])) rarest[g] = k;
        }
        order = [.. order.OrderBy(g => rarest[g] < 0 ? long.MaxValue : totals[rarest[g]])]; // LINQ's OrderBy is stable

        var labelled = new long[3, labelCount];
        var records = new long[3];
        var parts = new EcgSplitPart[n];
        foreach (int g in order)
        {
            int best = 0;
            for (int s = 1; s < 3; s++)
            {
                int k = rarest[g];
                double lag = k < 0 ? 0 : fractions[s] * totals[k] - labelled[s, k], bestLag = k < 0 ? 0 : fractions[best] * totals[k] - labelled[best, k];
                double recordLag = fractions[s] * n - records[s], bestRecordLag = fractions[best] * n - records[best];
                if (lag > bestLag || (lag == bestLag && recordLag > bestRecordLag)) best = s;
            }
            foreach (int r in recordsOf[g]) parts[r] = (EcgSplitPart)best;
            records[best] += recordsOf[g].Count;
            for (int k = 0; k < labelCount; k++) labelled[best, k] += counts[g, k];
        }
        return parts;
    }
}
