namespace DBeta.MLNet;

/// <summary>Re-lays PyTorch weights at conversion time so the graphs need no Transpose at run time.</summary>
internal static class WeightLayout
{
    /// <summary>A <c>Linear</c> weight <c>[out, in]</c> as the <c>[in, out]</c> right operand of MatMul.</summary>
    public static float[] Transposed(float[] weight, int outFeatures, int inFeatures)
    {
        if (weight.Length != outFeatures * inFeatures) throw new ArgumentException("weight size does not match its shape");
        var result = new float[weight.Length];
        const int Block = 32; // cache-friendly tiles: the full-size model transposes ~100M values
        for (int o0 = 0; o0 < outFeatures; o0 += Block)
            for (int i0 = 0; i0 < inFeatures; i0 += Block)
                for (int o = o0; o < Math.Min(o0 + Block, outFeatures); o++)
                    for (int i = i0; i < Math.Min(i0 + Block, inFeatures); i++)
                        result[i * outFeatures + o] = weight[o * inFeatures + i];
        return result;
    }

    /// <summary>
    /// Several <c>Linear</c> weights over the same input (each <c>[out_k, in]</c>) as one <c>[in, sum out_k]</c> MatMul operand,
    /// their outputs side by side in the given order (the packed QKV layout of ONNX Runtime's Attention).
    /// </summary>
    public static float[] PackedTransposed(int inFeatures, params (float[] Weight, int OutFeatures)[] parts)
    {
        int total = parts.Sum(p => p.OutFeatures);
        var result = new float[inFeatures * total];
        int column = 0;
        foreach (var (weight, outFeatures) in parts)
        {
            if (weight.Length != outFeatures * inFeatures) throw new ArgumentException("weight size does not match its shape");
            for (int o = 0; o < outFeatures; o++)
                for (int i = 0; i < inFeatures; i++)
                    result[i * total + column + o] = weight[o * inFeatures + i];
            column += outFeatures;
        }
        return result;
    }

    /// <summary>Concatenates 1-D tensors.</summary>
    public static float[] Concat(params float[][] parts)
    {
        var result = new float[parts.Sum(p => p.Length)];
        int offset = 0;
        foreach (var p in parts)
        {
            p.CopyTo(result, offset);
            offset += p.Length;
        }
        return result;
    }
}
