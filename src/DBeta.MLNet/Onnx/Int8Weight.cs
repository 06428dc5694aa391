namespace DBeta.MLNet.Onnx;

/// <summary>
/// A MatMul weight <c>[in, out]</c> quantised symmetrically to int8 per output column: <c>w ≈ q * scale[column]</c>,
/// <c>scale = max |w| / 127</c> over the column, <c>q = round(w / scale)</c> (half to even) in <c>[-127, 127]</c>, zero point 0.
/// </summary>
internal sealed class Int8Weight
{
    /// <summary>Largest magnitude of a quantised value; -128 is left unused so the range is symmetric.</summary>
    public const int MaxLevel = 127;

    private Int8Weight(sbyte[] values, float[] scales)
    {
        Values = values;
        Scales = scales;
    }

    /// <summary>The quantised weight, row-major <c>[in, out]</c>.</summary>
    public sbyte[] Values { get; }

    /// <summary>One scale per output column.</summary>
    public float[] Scales { get; }

    /// <summary>Quantises a row-major <c>[rows, columns]</c> weight with one scale per column.</summary>
    public static Int8Weight PerColumn(float[] weight, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if ((long)rows * columns != weight.Length) throw new ArgumentException($"weight has {weight.Length} values, expected {rows} x {columns}");
        var maxAbs = new float[columns];
        for (int r = 0; r < rows; r++)
        {
            var row = weight.AsSpan(r * columns, columns);
            for (int c = 0; c < columns; c++) maxAbs[c] = MathF.Max(maxAbs[c], MathF.Abs(row[c]));
        }
        var scales = new float[columns];
        for (int c = 0; c < columns; c++)
        {
            if (!float.IsFinite(maxAbs[c])) throw new ArgumentException($"weight column {c} holds NaN or infinite values");
            scales[c] = maxAbs[c] > 0 ? maxAbs[c] / MaxLevel : 1f; // an all-zero column stays zero under any scale
        }
        var values = new sbyte[weight.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                float q = MathF.Round(weight[r * columns + c] / scales[c], MidpointRounding.ToEven);
                values[r * columns + c] = (sbyte)Math.Clamp(q, -MaxLevel, MaxLevel);
            }
        return new Int8Weight(values, scales);
    }
}
