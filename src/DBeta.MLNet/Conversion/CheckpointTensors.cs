
namespace DBeta.MLNet;

/// <summary>
/// The converter's view of a <see cref="StateDict"/>: fetches tensors with shape checks whose errors name the file,
/// the key, the expected and the actual shape, and remembers which keys were used.
/// </summary>
internal sealed class CheckpointTensors
{
    /// <summary>Marks a dimension that any size satisfies in <see cref="Require"/>.</summary>
    public const int Any = -1;

    private readonly StateDict _state;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CheckpointTensors(StateDict state) => _state = state;

    /// <summary>The checkpoint file, for error messages.</summary>
    public string SourcePath => _state.SourcePath;

    /// <summary>Keys fetched so far.</summary>
    public IReadOnlyCollection<string> UsedKeys => _used;

    public bool Has(string key) => _state.Tensors.ContainsKey(key);

    /// <summary>The tensor under <paramref name="key"/>, whose shape must match <paramref name="shape"/> (<see cref="Any"/> matches any size).</summary>
    public WeightTensor Require(string key, params int[] shape)
    {
        if (!_state.Tensors.TryGetValue(key, out var tensor))
            throw new ModelFormatException(SourcePath, $"missing tensor '{key}' (expected shape {ShapeText(shape)})");
        bool ok = tensor.Shape.Length == shape.Length;
        for (int i = 0; ok && i < shape.Length; i++) ok = shape[i] == Any || shape[i] == tensor.Shape[i];
        if (!ok)
            throw new ModelFormatException(SourcePath, $"tensor '{key}' has shape {tensor.ShapeText}, expected {ShapeText(shape)}");
        foreach (float v in tensor.Data)
            if (!float.IsFinite(v))
                throw new ModelFormatException(SourcePath, $"tensor '{key}' contains NaN or infinite values");
        _used.Add(key);
        return tensor;
    }

    /// <summary>Counts <c>prefix{i}suffix</c> keys for i = 0, 1, ... until one is missing.</summary>
    public int CountIndexed(Func<int, string> keyOf)
    {
        int n = 0;
        while (Has(keyOf(n))) n++;
        return n;
    }

    /// <summary>The most common element type of the used tensors in the file (e.g. <c>float16</c>).</summary>
    public string SourceDType =>
        _used.Select(k => _state.Tensors[k].SourceDType).GroupBy(t => t).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? "none";

    private static string ShapeText(int[] shape) =>
        "[" + string.Join(", ", shape.Select(d => d == Any ? "*" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
