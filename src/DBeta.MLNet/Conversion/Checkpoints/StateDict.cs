namespace DBeta.MLNet;

/// <summary>The tensors of a checkpoint by key, and what was found beside them.</summary>
internal sealed class StateDict
{
    /// <summary>The file the tensors came from.</summary>
    public string SourcePath { get; }

    /// <summary>The file's format, e.g. <c>pytorch-zip</c> or <c>safetensors</c>.</summary>
    public string Format { get; }

    /// <summary>Tensors by state-dict key.</summary>
    public IReadOnlyDictionary<string, WeightTensor> Tensors { get; }

    /// <summary>Keys whose values were not tensors (optimizer state, args, counters): kept as names only.</summary>
    public IReadOnlyList<string> SkippedKeys { get; }

    /// <summary>Creates a state dict.</summary>
    public StateDict(string sourcePath, string format, IReadOnlyDictionary<string, WeightTensor> tensors, IReadOnlyList<string> skippedKeys)
    {
        SourcePath = sourcePath;
        Format = format;
        Tensors = tensors;
        SkippedKeys = skippedKeys;
    }

    /// <summary>The tensor under <paramref name="key"/>, or a <see cref="ModelFormatException"/> naming the file and key.</summary>
    public WeightTensor Require(string key) =>
        Tensors.TryGetValue(key, out var t) ? t : throw new ModelFormatException(SourcePath, $"missing tensor '{key}'");
}
