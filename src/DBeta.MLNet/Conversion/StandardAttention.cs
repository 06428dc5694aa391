using static DBeta.MLNet.OnnxAttribute;

namespace DBeta.MLNet;

/// <summary>
/// Multi-head self-attention in standard ONNX operators only (<see cref="EcgGraphOperators.Standard"/>), the same
/// computation as ONNX Runtime's fused <c>com.microsoft.Attention</c>: <c>softmax(Q K^T / sqrt(head size)) V</c> per head.
/// </summary>
internal static class StandardAttention
{
    /// <summary>Self-attention of <c>x</c> <c>[B, S, width]</c> before the output projection, <c>[B, S, width]</c>.</summary>
    public static string Build(OnnxGraphBuilder g, string x, EcgEncoderWeights.Layer p, int width, int heads, string name)
    {
        if (heads <= 0 || width % heads != 0)
            throw new ArgumentException($"width {width} does not split into {heads} heads", nameof(heads));
        int d = width, headSize = width / heads;
        // Reshape's 0 copies the input's dimension: batch and sequence stay symbolic.
        string toHeads = g.Int64s(0, 0, heads, headSize);

        string Project(float[] weight, float[] bias, string part, long[] perm)
        {
            string y = g.Linear(x, g.Initializer($"{name}.{part}.weight", WeightLayout.Transposed(weight, d, d), d, d),
                g.Initializer($"{name}.{part}.bias", bias, d), $"{name}.{part}");
            y = g.Node("Reshape", [y, toHeads], $"{name}.{part}.heads");
            return g.Transpose(y, perm, $"{name}.{part}.transpose");
        }

        string q = Project(p.QWeight, p.QBias, "q", [0, 2, 1, 3]); // [B, H, S, hd]
        string k = Project(p.KWeight, p.KBias, "k", [0, 2, 3, 1]); // [B, H, hd, S]
        string v = Project(p.VWeight, p.VBias, "v", [0, 2, 1, 3]); // [B, H, S, hd]

        string scores = g.MatMul(q, k, name + ".scores");
        scores = g.Node("Div", [scores, g.Scalar(MathF.Sqrt(headSize))], name + ".scale");
        string weights = g.Node("Softmax", [scores], name + ".softmax", Int("axis", -1));
        string context = g.MatMul(weights, v, name + ".context"); // [B, H, S, hd]
        context = g.Transpose(context, [0, 2, 1, 3], name + ".context.transpose");
        return g.Node("Reshape", [context, g.Int64s(0, 0, d)], name + ".context.merge");
    }
}
