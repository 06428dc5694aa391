namespace DBeta.MLNet;

/// <summary>Column names shared by the options of the ECG signal estimators.</summary>
public abstract class EcgColumnOptions
{
    /// <summary>Column the transform writes. Default <c>"Ecg"</c>; naming the input column replaces it.</summary>
    public string OutputColumnName { get; set; } = DBetaColumnNames.Ecg;

    /// <summary>
    /// Column the transform reads: a known-size <c>Vector&lt;Single&gt;</c> of lead-major samples
    /// (<c>[lead, time]</c>). Default <c>null</c>, meaning the same as <see cref="OutputColumnName"/>.
    /// </summary>
    public string? InputColumnName { get; set; }
}
