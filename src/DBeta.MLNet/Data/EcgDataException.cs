namespace DBeta.MLNet;

/// <summary>
/// An ECG or label file that cannot be used as it is: the message reads
/// <c>FILE[: record R]: problem</c>, e.g. <c>data/ecg.h5: dataset 'tracings' has rank 2, expected [N, T, 12]</c>.
/// </summary>
public sealed class EcgDataException : DBetaException
{
    /// <summary>The record (row index, record name or exam id) at fault, when one is.</summary>
    public string? Record { get; }

    /// <summary>Creates the exception for <paramref name="filePath"/>, optionally naming the record.</summary>
    public EcgDataException(string filePath, string problem, string? record = null, Exception? inner = null)
        : base(filePath, problem, record, inner) => Record = record;

    /// <summary>The <see cref="FileProblem"/> of ECG and label files.</summary>
    internal static EcgDataException ForFile(string filePath, string problem) => new(filePath, problem);

}
