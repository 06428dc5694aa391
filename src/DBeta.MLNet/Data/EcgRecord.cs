namespace DBeta.MLNet;

/// <summary>
/// One ECG in memory: <see cref="LeadCount"/> leads of <see cref="SampleCount"/> samples, lead-major
/// (<c>[lead, time]</c>), in millivolts, leads in <see cref="EcgLeads.Standard"/> order.
/// </summary>
internal sealed class EcgRecord
{
    /// <summary>Record identifier (exam id, WFDB record name, or row index).</summary>
    public string Id { get; }

    /// <summary>Sampling rate in Hz.</summary>
    public double SampleRate { get; }

    /// <summary>Samples per lead.</summary>
    public int SampleCount { get; }

    /// <summary>Number of leads (12 for D-BETA).</summary>
    public int LeadCount { get; }

    /// <summary>All samples, lead-major: sample <c>t</c> of lead <c>l</c> is at <c>l * SampleCount + t</c>.</summary>
    public float[] Samples { get; }

    /// <summary>Wraps <paramref name="samples"/> (lead-major, length <c>leadCount * sampleCount</c>) without copying.</summary>
    public EcgRecord(string id, double sampleRate, float[] samples, int leadCount = DBetaConfig.LeadCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leadCount);
        if (samples.Length % leadCount != 0)
            throw new ArgumentException($"{samples.Length} samples do not divide into {leadCount} leads", nameof(samples));
        Id = id;
        SampleRate = sampleRate;
        LeadCount = leadCount;
        SampleCount = samples.Length / leadCount;
        Samples = samples;
    }

    /// <summary>The samples of one lead.</summary>
    public Span<float> Lead(int lead) => Samples.AsSpan(lead * SampleCount, SampleCount);

    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => SampleCount / SampleRate;
}
