namespace DBeta.MLNet;

/// <summary>
/// A checkpoint, safetensors file, config or ONNX model that cannot be used: the message reads <c>FILE: problem</c>.
/// </summary>
public sealed class ModelFormatException : DBetaException
{

    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    public ModelFormatException(string filePath, string problem, Exception? inner = null)
        : base(filePath, problem, null, inner) { }
}
