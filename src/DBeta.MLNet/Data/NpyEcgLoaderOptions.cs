namespace DBeta.MLNet;

/// <summary>Options for a NumPy <c>.npy</c> array of ECGs; the file states neither its layout nor its rate, so both are required.</summary>
public sealed class NpyEcgLoaderOptions : EcgLoaderOptions
{
    /// <summary>Whether the array is <c>[N, 12, T]</c> or <c>[N, T, 12]</c>. Required.</summary>
    public required NpyEcgLayout Layout { get; set; }

    /// <summary>Sampling rate in Hz. Required.</summary>
    public required double SampleRate { get; set; }

    /// <summary>One id per record; default: null, which uses the row index.</summary>
    public IReadOnlyList<string>? Ids { get; set; }
}
