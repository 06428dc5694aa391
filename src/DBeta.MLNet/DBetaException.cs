namespace DBeta.MLNet;

/// <summary>
/// Base type of every error DBeta.MLNet raises on purpose: bad files, bad models, bad options. A file error's message
/// reads <c>FILE: problem</c> (or <c>FILE: record R: problem</c>) and its parts are in <see cref="FilePath"/> and
/// <see cref="Problem"/>.
/// </summary>
public abstract class DBetaException : Exception
{
    /// <summary>An error about a setting rather than a file: <paramref name="message"/> names the setting and the problem.</summary>
    protected DBetaException(string message, Exception? inner = null) : base(message, inner)
    {
        FilePath = "";
        Problem = message;
    }

    /// <summary>An error about <paramref name="filePath"/>, optionally one <paramref name="record"/> in it.</summary>
    private protected DBetaException(string filePath, string problem, string? record, Exception? inner)
        : base(record is null ? $"{filePath}: {problem}" : $"{filePath}: record {record}: {problem}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file (or folder) at fault; empty when the error is about a setting.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
