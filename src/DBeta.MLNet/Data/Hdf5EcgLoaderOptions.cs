namespace DBeta.MLNet;

/// <summary>Options for HDF5 files in the CODE / CODE-15 layout: <c>tracings</c> <c>[N, T, 12]</c> float32, optional <c>exam_id</c> <c>[N]</c>.</summary>
public sealed class Hdf5EcgLoaderOptions : EcgLoaderOptions
{
    /// <summary>Path of the <c>[N, T, 12]</c> dataset inside the file. Default: <c>tracings</c>.</summary>
    public string TracingsDataset { get; set; } = "tracings";

    /// <summary>
    /// Path of the <c>[N]</c> id dataset (integers or strings), which must then exist. Default: null, which uses
    /// <c>exam_id</c> when the file has it and the row index otherwise.
    /// </summary>
    public string? IdDataset { get; set; }

    /// <summary>Sampling rate in Hz; the file does not say. Default: 400 (<see cref="DBetaConfig.CodeSampleRate"/>, CODE's rate).</summary>
    public double SampleRate { get; set; } = DBetaConfig.CodeSampleRate;
}
