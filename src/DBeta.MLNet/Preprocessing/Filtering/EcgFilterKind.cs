namespace DBeta.MLNet;

/// <summary>Which cleaning filter <c>FilterEcg</c> applies.</summary>
public enum EcgFilterKind
{
    /// <summary>
    /// NeuroKit2's <c>ecg_clean</c> default (method <c>"neurokit"</c>): a 5th-order
    /// Butterworth high-pass at 0.5 Hz run forward and backward, then a moving average over one mains period run forward and backward.
    /// </summary>
    NeuroKit,
}
