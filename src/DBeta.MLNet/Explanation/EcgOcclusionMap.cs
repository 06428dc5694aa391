namespace DBeta.MLNet;

/// <summary>
/// How much one score drops when parts of one ECG are occluded: per lead (the whole lead replaced) and per lead and
/// time window. Positive drops mark what the score relies on; negative ones what argues against it.
/// </summary>
public sealed class EcgOcclusionMap
{
    private readonly double[] _windowDrops;

    internal EcgOcclusionMap(string id, double score, double[] leadDrops, double[] windowDrops, int windowCount, double windowSeconds, int forwardPasses, string scoreName)
    {
        Id = id;
        Score = score;
        LeadDrops = leadDrops;
        _windowDrops = windowDrops;
        WindowCount = windowCount;
        WindowSeconds = windowSeconds;
        ForwardPasses = forwardPasses;
        ScoreName = scoreName;
    }

    /// <summary>The record explained.</summary>
    public string Id { get; }

    /// <summary>What was explained, e.g. <c>Probability.AF</c> or <c>Scores[3]</c>.</summary>
    public string ScoreName { get; }

    /// <summary>The score of the ECG as it is.</summary>
    public double Score { get; }

    /// <summary>The 12 leads' names, in the order of <see cref="LeadDrops"/> and of the <c>lead</c> index: I, II, III, aVR, aVL, aVF, V1-V6.</summary>
    public IReadOnlyList<string> LeadNames => EcgLeads.Standard;

    /// <summary>Score minus the score with lead <c>l</c> occluded, for the 12 leads in <see cref="LeadNames"/> order.</summary>
    public IReadOnlyList<double> LeadDrops { get; }

    /// <summary>Time windows per lead.</summary>
    public int WindowCount { get; }

    /// <summary>Length of one window, in seconds (the last may be shorter).</summary>
    public double WindowSeconds { get; }

    /// <summary>Records the model scored: the ECG itself, 12 occluded leads and 12 x <see cref="WindowCount"/> occluded windows.</summary>
    public int ForwardPasses { get; }

    /// <summary>Score minus the score with window <paramref name="window"/> of lead <paramref name="lead"/> occluded.</summary>
    public double WindowDrop(int lead, int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lead);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lead, DBetaConfig.LeadCount);
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(window, WindowCount);
        return _windowDrops[lead * WindowCount + window];
    }

    /// <summary>The lead and window with the largest drop.</summary>
    public (int Lead, int Window) Strongest()
    {
        int best = 0;
        for (int i = 1; i < _windowDrops.Length; i++) if (_windowDrops[i] > _windowDrops[best]) best = i;
        return (best / WindowCount, best % WindowCount);
    }
}
