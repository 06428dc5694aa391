using DBeta.MLNet.Onnx.Proto;
using static DBeta.MLNet.OnnxAttribute;

namespace DBeta.MLNet;

/// <summary>
/// The ONNX graph of D-BETA's text encoder (<c>dbeta-text.onnx</c>, a Flan-T5 encoder): inputs <see cref="InputIdsName"/>
/// and <see cref="AttentionMaskName"/>, int64 <c>[batch, sequence]</c>; output <see cref="OutputName"/>, float
/// <c>[batch, embedding]</c>.
/// </summary>
/// <remarks>
/// Texts are right-padded; the mask is 1 for real tokens and 0 for padding, so a padded batch gives each text the
/// embedding it gets alone. Sequences of any length work (D-BETA truncates to 512 tokens).
/// </remarks>
internal static class DBetaTextGraph
{
    /// <summary>Name of the token-id input, int64 <c>[batch, sequence]</c>.</summary>
    public const string InputIdsName = "input_ids";

    /// <summary>Name of the attention-mask input, int64 <c>[batch, sequence]</c>: 1 = token, 0 = padding.</summary>
    public const string AttentionMaskName = "attention_mask";

    /// <summary>Name of the embedding output, float <c>[batch, embedding]</c>.</summary>
    public const string OutputName = "embedding";

    /// <summary>Value of the <c>dbeta.kind</c> metadata entry.</summary>
    public const string Kind = "text";

    internal static OnnxGraphBuilder Build(TextEncoderWeights w)
    {
        var g = new OnnxGraphBuilder("dbeta_text_encoder");
        const float Eps = DBetaConfig.TextNormEpsilon;
        int d = w.Width;
        string ids = g.Input(InputIdsName, TensorProto.Types.DataType.Int64, "batch", "sequence");
        string mask = g.Input(AttentionMaskName, TensorProto.Types.DataType.Int64, "batch", "sequence");

        string x = g.Node("Gather", [g.Initializer("embed_tokens.weight", w.Embedding, w.VocabSize, d), ids], "embed", Int("axis", 0));
        string mask32 = g.Node("Cast", [mask], "mask.int32", Int("to", (long)TensorProto.Types.DataType.Int32));
        string positionBias = RelativePositionBias(g, w, ids);

        for (int b = 0; b < w.Blocks.Count; b++)
            x = Block(g, w, w.Blocks[b], x, mask32, positionBias, $"block.{b}");
        x = g.RmsNorm(x, g.Initializer("final_norm.weight", w.FinalNormWeight, d), Eps, "final_norm");

        // Only the first token is pooled, and the projection is per token: project just that token.
        string first = g.Node("Gather", [x, g.Int64Scalar(0)], "first.gather", Int("axis", 1)); // [B, D]
        string proj = g.Linear(first, g.Initializer("language_proj.weight", WeightLayout.Transposed(w.ProjWeight, w.EmbeddingDim, d), d, w.EmbeddingDim),
            g.Initializer("language_proj.bias", w.ProjBias, w.EmbeddingDim), "language_proj");
        string pooled = g.Linear(proj, g.Initializer("pooler.weight", WeightLayout.Transposed(w.PoolerWeight, w.EmbeddingDim, w.EmbeddingDim), w.EmbeddingDim, w.EmbeddingDim),
            g.Initializer("pooler.bias", w.PoolerBias, w.EmbeddingDim), "pooler");
        g.Output(g.Node("Tanh", [pooled], "pooler.tanh"), OutputName, TensorProto.Types.DataType.Float, "batch", w.EmbeddingDim);
        return g;
    }

    /// <summary>
    /// <c>[1, heads, S, S]</c> bias shared by every block: bucket(key - query) looked up in <c>relative_attention_bias</c>.
    /// Relative positions are clipped to +-max distance, where the buckets saturate, so one small table serves any length.
    /// </summary>
    private static string RelativePositionBias(OnnxGraphBuilder g, TextEncoderWeights w, string ids)
    {
        string length = g.Node("Gather", [g.Node("Shape", [ids], "seq.shape"), g.Int64Scalar(1)], "seq.length", Int("axis", 0));
        string positions = g.Node("Range", [g.Int64Scalar(0), length, g.Int64Scalar(1)], "seq.positions");
        string query = g.Node("Unsqueeze", [positions, g.Int64s(1)], "rel.query"); // [S, 1]
        string key = g.Node("Unsqueeze", [positions, g.Int64s(0)], "rel.key");     // [1, S]
        string relative = g.Node("Sub", [key, query], "rel.relative");
        string clipped = g.Node("Clip", [relative, g.Int64Scalar(-w.MaxDistance), g.Int64Scalar(w.MaxDistance)], "rel.clip");
        string index = g.Add(clipped, g.Int64Scalar(w.MaxDistance), "rel.index");
        var table = T5RelativePosition.Table(w.Buckets, w.MaxDistance);
        string buckets = g.Node("Gather", [g.Initializer("rel.bucket_table", table, table.Length), index], "rel.bucket", Int("axis", 0));
        string bias = g.Node("Gather", [g.Initializer("relative_attention_bias.weight", w.RelativeBias, w.Buckets, w.Heads), buckets], "rel.bias", Int("axis", 0)); // [S, S, H]
        string perHead = g.Transpose(bias, [2, 0, 1], "rel.heads_first");
        return g.Node("Unsqueeze", [perHead, g.Int64s(0)], "rel.batch_axis");
    }

    /// <summary>x += o(Attn(RMS(x))); x += wo(gelu_tanh(wi_0 RMS(x)) * wi_1 RMS(x)). T5 attention is unscaled.</summary>
    private static string Block(OnnxGraphBuilder g, TextEncoderWeights w, TextEncoderWeights.Block p, string x, string mask32, string positionBias, string name)
    {
        int d = w.Width, inner = w.InnerDim, f = w.FfnDim;
        const float Eps = DBetaConfig.TextNormEpsilon;

        string n = g.RmsNorm(x, g.Initializer(name + ".attn.norm.weight", p.AttnNormWeight, d), Eps, name + ".attn.norm");
        string qkv = g.Initializer(name + ".attn.qkv.weight", WeightLayout.PackedTransposed(d, (p.QWeight, inner), (p.KWeight, inner), (p.VWeight, inner)), d, 3 * inner);
        // T5 has no attention biases, but ONNX Runtime's CPU Attention needs the bias input: zeros.
        string zeroBias = g.Initializer(name + ".attn.qkv.bias", new float[3 * inner], 3 * inner);
        var attributes = new List<AttributeProto> { Int("num_heads", w.Heads), Float("scale", 1f) };
        if (inner != d) attributes.Add(Ints("qkv_hidden_sizes", inner, inner, inner));
        string attn = g.MicrosoftNode("Attention", [n, qkv, zeroBias, mask32, "", positionBias], name + ".attn", [.. attributes]);
        attn = g.MatMul(attn, g.Initializer(name + ".attn.o.weight", WeightLayout.Transposed(p.OWeight, d, inner), inner, d), name + ".attn.o");
        x = g.Add(x, attn, name + ".attn.residual");

        n = g.RmsNorm(x, g.Initializer(name + ".ffn.norm.weight", p.FfnNormWeight, d), Eps, name + ".ffn.norm");
        string wi = g.Initializer(name + ".ffn.wi.weight", WeightLayout.PackedTransposed(d, (p.Wi0Weight, f), (p.Wi1Weight, f)), d, 2 * f);
        string[] halves = g.Node("Split", [g.MatMul(n, wi, name + ".ffn.wi"), g.Int64s(f, f)], 2, "", name + ".ffn.split", Int("axis", -1));
        string gated = g.Mul(g.GeluTanh(halves[0], name + ".ffn.gelu"), halves[1], name + ".ffn.gate");
        string y = g.MatMul(gated, g.Initializer(name + ".ffn.wo.weight", WeightLayout.Transposed(p.WoWeight, d, f), f, d), name + ".ffn.wo");
        return g.Add(x, y, name + ".ffn.residual");
    }
}
