namespace DBeta.MLNet;

/// <summary>
/// The tensors a checkpoint holds (names, shapes, element types) and the keys it skipped, found without reading
/// any weights: cheap enough to print before a conversion.
/// </summary>
internal sealed class CheckpointSummary
{
    /// <summary>The file described.</summary>
    public string SourcePath { get; }

    /// <summary>The file's format, as in <see cref="StateDict.Format"/>.</summary>
    public string Format { get; }

    /// <summary>The state-dict tensors, in file order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Keys whose values are not tensors, as in <see cref="StateDict.SkippedKeys"/>.</summary>
    public IReadOnlyList<string> SkippedKeys { get; }

    /// <summary>Creates the summary.</summary>
    public CheckpointSummary(string sourcePath, string format, IReadOnlyList<TensorInfo> tensors, IReadOnlyList<string> skippedKeys)
    {
        SourcePath = sourcePath;
        Format = format;
        Tensors = tensors;
        SkippedKeys = skippedKeys;
    }

    /// <summary>Total number of weight values.</summary>
    public long ElementCount => Tensors.Sum(t => t.ElementCount);
}
