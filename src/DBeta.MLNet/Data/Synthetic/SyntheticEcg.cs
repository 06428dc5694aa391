namespace DBeta.MLNet;

/// <summary>One generated ECG with its ground truth.</summary>
internal sealed class SyntheticEcg
{
    /// <summary>Row index the record was generated for (0-based).</summary>
    public int Index { get; }

    /// <summary>The 12-lead signal, lead-major, mV.</summary>
    public EcgRecord Record { get; }

    /// <summary>Labels and the intervals the signal was built with.</summary>
    public SyntheticEcgLabels Labels { get; }

    /// <summary>Pairs a record with its ground truth.</summary>
    public SyntheticEcg(int index, EcgRecord record, SyntheticEcgLabels labels)
    {
        Index = index;
        Record = record;
        Labels = labels;
    }
}
