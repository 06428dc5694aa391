using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// Picks a seeded, label-stratified fraction of the training rows, as in D-BETA's linear-probe protocol (probes
/// trained on 1%, 10% and 100% of the labelled data).
/// </summary>
/// <remarks>The rule is documented once, on <see cref="MultiLabelProbeOptions.LabelFraction"/>.</remarks>
internal static class LabelFractionSampler
{
    /// <summary>The rows (ascending indices) to train on, from one <c>bool[N]</c> per label.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not in (0, 1].</exception>
    /// <exception cref="ArgumentException">No labels, or label columns of different lengths.</exception>
    public static int[] SelectRows(IReadOnlyList<bool[]> labelColumns, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labelColumns);
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the label fraction must be in (0, 1], e.g. 0.01, 0.1 or 1");
        if (labelColumns.Count == 0) throw new ArgumentException("no label columns", nameof(labelColumns));
        int n = labelColumns[0].Length;
        if (labelColumns.Any(c => c.Length != n))
            throw new ArgumentException("label columns differ in length", nameof(labelColumns));
        if (fraction == 1 || n == 0) return Enumerable.Range(0, n).ToArray();

        int target = Math.Max(1, (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero));
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        // Strata keyed by label combination, listed in the order their first row appears in the shuffle.
        var strata = new Dictionary<string, List<int>>();
        var strataInOrder = new List<List<int>>();
        foreach (int row in order)
        {
            string key = new(labelColumns.Select(c => c[row] ? '1' : '0').ToArray());
            if (!strata.TryGetValue(key, out var members))
            {
                strata[key] = members = [];
                strataInOrder.Add(members);
            }
            members.Add(row);
        }

        var take = strataInOrder.Select(s => (int)Math.Floor(fraction * s.Count)).ToArray();
        int missing = target - take.Sum();
        var byRemainder = Enumerable.Range(0, strataInOrder.Count)
            .OrderByDescending(g => fraction * strataInOrder[g].Count - take[g])
            .ThenBy(g => g)
            .ToArray();
        for (int i = 0; missing > 0 && i < byRemainder.Length; i++)
        {
            int g = byRemainder[i];
            if (take[g] < strataInOrder[g].Count) { take[g]++; missing--; }
        }

        var chosen = new HashSet<int>();
        for (int g = 0; g < strataInOrder.Count; g++)
            chosen.UnionWith(strataInOrder[g].Take(take[g]));

        foreach (bool[] column in labelColumns)
            foreach (bool wanted in new[] { true, false })
                if (!chosen.Any(row => column[row] == wanted))
                {
                    int first = Array.FindIndex(order, row => column[row] == wanted);
                    if (first >= 0) chosen.Add(order[first]);
                }

        return chosen.Order().ToArray();
    }

    /// <summary>The rows (ascending indices) to train on, reading the Boolean or Single (0/1) label columns of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A label column is missing or of the wrong type, or <paramref name="fraction"/> is not in (0, 1].</exception>
    public static int[] SelectRows(IDataView data, IReadOnlyList<string> labelColumnNames, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labelColumnNames);
        return SelectRows(ColumnValues.ReadBinaryLabels(data, labelColumnNames), fraction, seed);
    }
}
