namespace DBeta.MLNet;

/// <summary>What a checkpoint says about one tensor, without its values: name, shape and element type.</summary>
internal sealed class TensorInfo
{
    /// <summary>The state-dict key.</summary>
    public string Name { get; }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public int[] Shape { get; }

    /// <summary>The element type in the file (e.g. <c>float32</c>, <c>bfloat16</c>, <c>int64</c>).</summary>
    public string DType { get; }

    /// <summary>Creates the description.</summary>
    public TensorInfo(string name, int[] shape, string dtype)
    {
        Name = name;
        Shape = shape;
        DType = dtype;
    }

    /// <summary>Number of elements.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (int d in Shape) count *= d;
            return count;
        }
    }

    /// <summary>The shape as text, e.g. <c>[768, 256]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {DType} {ShapeText}";
}
