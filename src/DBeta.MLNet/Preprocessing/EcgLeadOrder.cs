
namespace DBeta.MLNet;

/// <summary>
/// Which input lead feeds each output lead: output lead <c>i</c> is input lead <c>SourceIndices[i]</c>.
/// <see cref="FromNames"/> builds the order that puts a file's leads into D-BETA's <see cref="EcgLeads.Standard"/> order.
/// </summary>
internal sealed class EcgLeadOrder
{
    private readonly int[] _sourceIndices;

    /// <summary>For each output lead, the index of the input lead it copies.</summary>
    public IReadOnlyList<int> SourceIndices => _sourceIndices;

    /// <summary>Leads in the input.</summary>
    public int SourceLeadCount { get; }

    /// <summary>Leads in the output.</summary>
    public int LeadCount => _sourceIndices.Length;

    /// <summary>Creates the order from explicit indices into <paramref name="sourceLeadCount"/> input leads (repeats allowed).</summary>
    public EcgLeadOrder(IReadOnlyList<int> sourceIndices, int sourceLeadCount)
    {
        ArgumentNullException.ThrowIfNull(sourceIndices);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceLeadCount);
        if (sourceIndices.Count == 0) throw new ArgumentException("at least one output lead is needed", nameof(sourceIndices));
        for (int i = 0; i < sourceIndices.Count; i++)
            if (sourceIndices[i] < 0 || sourceIndices[i] >= sourceLeadCount)
                throw new ArgumentOutOfRangeException(nameof(sourceIndices), $"output lead {i} takes input lead {sourceIndices[i]}, but the input has leads 0..{sourceLeadCount - 1}");
        _sourceIndices = sourceIndices.ToArray();
        SourceLeadCount = sourceLeadCount;
    }

    /// <summary>
    /// The order that takes leads named <paramref name="sourceLeadNames"/> (a file's order, any case, e.g.
    /// <c>i, ii, iii, avr, ..., v6, vx, vy, vz</c>) to the 12 standard leads in D-BETA's order. Extra leads are dropped;
    /// a missing or repeated standard lead is an <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static EcgLeadOrder FromNames(IReadOnlyList<string> sourceLeadNames)
    {
        ArgumentNullException.ThrowIfNull(sourceLeadNames);
        var indices = Enumerable.Repeat(-1, EcgLeads.Standard.Count).ToArray();
        for (int i = 0; i < sourceLeadNames.Count; i++)
        {
            int standard = EcgLeads.IndexOf(sourceLeadNames[i] ?? "");
            if (standard < 0) continue;
            if (indices[standard] >= 0)
                throw new ArgumentException($"leads '{sourceLeadNames[indices[standard]]}' and '{sourceLeadNames[i]}' are both lead {EcgLeads.Standard[standard]}", nameof(sourceLeadNames));
            indices[standard] = i;
        }
        var missing = Enumerable.Range(0, indices.Length).Where(i => indices[i] < 0).Select(i => EcgLeads.Standard[i]).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"lead{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} not found among [{string.Join(", ", sourceLeadNames)}]", nameof(sourceLeadNames));
        return new EcgLeadOrder(indices, sourceLeadNames.Count);
    }

    /// <summary>Copies the leads of lead-major <paramref name="input"/> (<see cref="SourceLeadCount"/> leads) into <paramref name="output"/> (<see cref="LeadCount"/> leads) in this order.</summary>
    public void Apply(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length % SourceLeadCount != 0)
            throw new ArgumentException($"{input.Length} samples do not divide into {SourceLeadCount} leads", nameof(input));
        int length = input.Length / SourceLeadCount;
        if (output.Length != (long)length * LeadCount)
            throw new ArgumentException($"expected {(long)length * LeadCount} output samples ({LeadCount} x {length}), got {output.Length}", nameof(output));
        for (int lead = 0; lead < LeadCount; lead++)
            input.Slice(_sourceIndices[lead] * length, length).CopyTo(output.Slice(lead * length, length));
    }
}
