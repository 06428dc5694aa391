namespace DBeta.MLNet;

/// <summary>Which standard leads (<see cref="EcgLeads.Standard"/> order) each <see cref="EcgLeadSet"/> keeps.</summary>
internal static class EcgLeadSets
{
    /// <summary>The names of the leads <paramref name="set"/> keeps, in D-BETA's order.</summary>
    public static IReadOnlyList<string> LeadNames(EcgLeadSet set) => set switch
    {
        EcgLeadSet.Twelve => EcgLeads.Standard,
        EcgLeadSet.Six => ["I", "II", "III", "aVR", "aVL", "aVF"],
        EcgLeadSet.Four => ["I", "II", "III", "V2"],
        EcgLeadSet.Three => ["I", "II", "V2"],
        EcgLeadSet.Two => ["I", "II"],
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "the lead set must be Twelve, Six, Four, Three or Two"),
    };

    /// <summary>For each of the 12 standard leads, whether <paramref name="set"/> keeps it.</summary>
    public static bool[] KeptMask(EcgLeadSet set)
    {
        var mask = new bool[EcgLeads.Standard.Count];
        foreach (string name in LeadNames(set)) mask[EcgLeads.IndexOf(name)] = true;
        return mask;
    }

    /// <summary>Copies the kept leads of a lead-major 12-lead record and writes exact zeros over the others.</summary>
    public static void Apply(ReadOnlySpan<float> input, Span<float> output, bool[] kept)
    {
        if (input.Length % kept.Length != 0)
            throw new ArgumentException($"{input.Length} samples do not divide into {kept.Length} leads", nameof(input));
        if (output.Length != input.Length)
            throw new ArgumentException($"expected {input.Length} output samples, got {output.Length}", nameof(output));
        int length = input.Length / kept.Length;
        for (int lead = 0; lead < kept.Length; lead++)
        {
            var target = output.Slice(lead * length, length);
            if (kept[lead]) input.Slice(lead * length, length).CopyTo(target);
            else target.Clear();
        }
    }
}
