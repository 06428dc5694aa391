namespace DBeta.MLNet;

/// <summary>Base type of every error DBeta.MLNet raises on purpose: bad files, bad models, bad options.</summary>
public abstract class DBetaException : Exception
{
    /// <summary>Creates the exception with a message that names the file and the problem.</summary>
    protected DBetaException(string message, Exception? inner = null) : base(message, inner) { }
}
