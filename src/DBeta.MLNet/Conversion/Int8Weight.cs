namespace DBeta.MLNet;

/// <summary>
/// A weight quantised symmetrically to int8 per output channel (a MatMul weight's column, a convolution's output
/// channel): <c>w ≈ q * scale[channel]</c>, <c>scale = max |w| / 127</c> over the channel, <c>q = round(w / scale)</c>
/// (half to even) in <c>[-127, 127]</c>, zero point 0.
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

    /// <summary>The quantised weight, in the layout it was given.</summary>
    public sbyte[] Values { get; }

    /// <summary>One scale per output channel.</summary>
    public float[] Scales { get; }

    /// <summary>Quantises a row-major <c>[rows, columns]</c> weight with one scale per column (MatMul weights <c>[in, out]</c>).</summary>
    public static Int8Weight PerColumn(float[] weight, int rows, int columns) => Quantize(weight, rows, columns, perColumn: true);

    /// <summary>Quantises a row-major <c>[rows, columns]</c> weight with one scale per row (convolution weights <c>[out, in x kernel]</c>).</summary>
    public static Int8Weight PerRow(float[] weight, int rows, int columns) => Quantize(weight, rows, columns, perColumn: false);

    /// <summary>The values shifted by 128 into <c>[1, 255]</c>: the same weight as uint8 with zero point 128 (ONNX Runtime's ConvInteger takes only uint8).</summary>
    public byte[] ShiftedToUInt8()
    {
        var shifted = new byte[Values.Length];
        for (int i = 0; i < shifted.Length; i++) shifted[i] = (byte)(Values[i] + 128);
        return shifted;
    }

    private static Int8Weight Quantize(float[] weight, int rows, int columns, bool perColumn)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if ((long)rows * columns != weight.Length) throw new ArgumentException($"weight has {weight.Length} values, expected {rows} x {columns}");
        int channels = perColumn ? columns : rows;
        var maxAbs = new float[channels];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                int channel = perColumn ? c : r;
                maxAbs[channel] = MathF.Max(maxAbs[channel], MathF.Abs(weight[r * columns + c]));
            }
        var scales = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            if (!float.IsFinite(maxAbs[c])) throw new ArgumentException($"weight {(perColumn ? "column" : "row")} {c} holds NaN or infinite values");
            scales[c] = maxAbs[c] > 0 ? maxAbs[c] / MaxLevel : 1f; // an all-zero channel stays zero under any scale
        }
        var values = new sbyte[weight.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                float q = MathF.Round(weight[r * columns + c] / scales[perColumn ? c : r], MidpointRounding.ToEven);
                values[r * columns + c] = (sbyte)Math.Clamp(q, -MaxLevel, MaxLevel);
            }
        return new Int8Weight(values, scales);
    }
}
