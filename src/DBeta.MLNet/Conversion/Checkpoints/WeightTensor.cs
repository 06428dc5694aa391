namespace DBeta.MLNet;

/// <summary>One named weight read from a checkpoint, converted to float32, row-major (C order) in <see cref="Shape"/>.</summary>
internal sealed class WeightTensor
{
    /// <summary>The state-dict key, e.g. <c>ecg_encoder.layer_norm.weight</c>.</summary>
    public string Name { get; }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public int[] Shape { get; }

    /// <summary>Values in row-major order; length is the product of <see cref="Shape"/>.</summary>
    public float[] Data { get; }

    /// <summary>The element type in the file (e.g. <c>float32</c>, <c>float16</c>, <c>bfloat16</c>, <c>int64</c>).</summary>
    public string SourceDType { get; }

    /// <summary>Creates a tensor; <paramref name="data"/> must hold exactly the product of <paramref name="shape"/> values.</summary>
    public WeightTensor(string name, int[] shape, float[] data, string sourceDType = "float32")
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        if (count != data.Length)
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] needs {count} values, got {data.Length}");
        Name = name;
        Shape = shape;
        Data = data;
        SourceDType = sourceDType;
    }

    /// <summary>Number of elements.</summary>
    public int ElementCount => Data.Length;

    /// <summary>The shape as text, e.g. <c>[768, 256]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
