namespace DBeta.MLNet;

/// <summary>Options for PhysioNet WFDB records.</summary>
public sealed class WfdbEcgLoaderOptions : EcgLoaderOptions
{
    /// <summary>
    /// Fill a standard lead that a record lacks with zeros instead of failing. Default: false (a missing lead is an
    /// <see cref="EcgDataException"/>).
    /// </summary>
    public bool ZeroFillMissingLeads { get; set; }

    /// <summary>When given a folder, also read the <c>.hea</c> files of its subfolders (PTB-XL's <c>records500/00000/...</c>). Default: false.</summary>
    public bool IncludeSubfolders { get; set; }

    /// <summary>
    /// Resample and crop or pad every record to one size, so records of different rates and lengths load together
    /// (see <see cref="EcgFitOptions"/>; <c>new EcgFitOptions()</c> gives D-BETA's input, 5000 samples at 500 Hz).
    /// Default: null, which reads records as stored and requires them to share rate and length.
    /// </summary>
    public EcgFitOptions? Fit { get; set; }

    /// <summary>
    /// Cut each record into windows of the <see cref="Fit"/> size (which it needs), one row per window
    /// (see <see cref="EcgWindowOptions"/>). Default: null, one row per record.
    /// </summary>
    public EcgWindowOptions? Windows { get; set; }
}
