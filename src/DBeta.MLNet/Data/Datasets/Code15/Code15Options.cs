namespace DBeta.MLNet;

/// <summary>Options for loading CODE-15% (<c>exams.csv</c> and its HDF5 parts <c>exams_part0.hdf5</c> ... <c>exams_part17.hdf5</c>).</summary>
public sealed class Code15Options : EcgDatasetOptions
{
    /// <summary>The exam table, relative to the folder of the parts (or an absolute path). Default: <c>exams.csv</c>.</summary>
    public string ExamsFile { get; set; } = Code15Exams.DefaultFileName;

    /// <summary>Sampling rate in Hz; the files do not say. Default: 400 (<see cref="DBetaConfig.CodeSampleRate"/>, CODE's rate).</summary>
    public double SampleRate { get; set; } = DBetaConfig.CodeSampleRate;
}
