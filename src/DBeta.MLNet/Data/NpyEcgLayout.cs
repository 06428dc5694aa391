namespace DBeta.MLNet;

/// <summary>How a <c>.npy</c> array of ECGs is laid out; never guessed from the shape, since <c>[N, 12, 12]</c> fits both.</summary>
public enum NpyEcgLayout
{
    /// <summary><c>[N, 12, T]</c>: lead-major, as D-BETA and <see cref="EcgRecord"/> hold ECGs.</summary>
    LeadMajor,

    /// <summary><c>[N, T, 12]</c>: time-major, as CODE stores tracings.</summary>
    TimeMajor,
}
