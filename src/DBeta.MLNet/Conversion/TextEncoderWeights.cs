using K = DBeta.MLNet.DBetaWeightKeys;

namespace DBeta.MLNet;

/// <summary>
/// The text encoder's weights (a T5 v1.1 / Flan-T5 encoder and D-BETA's projection and pooler), checked and in PyTorch
/// layout, with the dimensions read from their shapes and the head count from <c>relative_attention_bias</c>.
/// </summary>
internal sealed class TextEncoderWeights
{
    /// <summary>One pre-norm T5 block (no biases).</summary>
    public sealed record Block(
        float[] AttnNormWeight, float[] QWeight, float[] KWeight, float[] VWeight, float[] OWeight,
        float[] FfnNormWeight, float[] Wi0Weight, float[] Wi1Weight, float[] WoWeight);

    public required float[] Embedding { get; init; }
    public required float[] RelativeBias { get; init; }
    public required IReadOnlyList<Block> Blocks { get; init; }
    public required float[] FinalNormWeight { get; init; }
    public required float[] ProjWeight { get; init; }
    public required float[] ProjBias { get; init; }
    public required float[] PoolerWeight { get; init; }
    public required float[] PoolerBias { get; init; }

    public required int VocabSize { get; init; }
    public required int Width { get; init; }
    public required int InnerDim { get; init; }
    public required int Heads { get; init; }
    public required int FfnDim { get; init; }
    public required int Buckets { get; init; }
    public required int MaxDistance { get; init; }
    public required int EmbeddingDim { get; init; }

    /// <summary>Reads and checks the text side of a checkpoint.</summary>
    public static TextEncoderWeights Read(CheckpointTensors t, DBetaConfig config)
    {
        const int A = CheckpointTensors.Any;
        string embedKey = t.Has(K.SharedEmbedding) || !t.Has(K.EncoderEmbedTokens) ? K.SharedEmbedding : K.EncoderEmbedTokens;
        var embedding = t.Require(embedKey, A, A);
        int vocab = embedding.Shape[0], width = embedding.Shape[1];

        var rel = t.Require(K.RelativeAttentionBias, A, A);
        int buckets = rel.Shape[0], heads = rel.Shape[1];
        if (buckets < 4 || heads <= 0)
            throw new ModelFormatException(t.SourcePath, $"tensor '{K.RelativeAttentionBias}' has shape {rel.ShapeText}, expected [buckets >= 4, heads]");

        int blockCount = t.CountIndexed(b => K.TextBlock(b, "layer.0.SelfAttention.q.weight"));
        if (blockCount == 0) t.Require(K.TextBlock(0, "layer.0.SelfAttention.q.weight"), A, width);
        int inner = t.Require(K.TextBlock(0, "layer.0.SelfAttention.q.weight"), A, width).Shape[0];
        if (inner % heads != 0)
            throw new ModelFormatException(t.SourcePath, $"attention width {inner} ('{K.TextBlock(0, "layer.0.SelfAttention.q.weight")}') is not a multiple of the {heads} heads of '{K.RelativeAttentionBias}'");
        if (t.Has(K.TextBlock(0, "layer.1.DenseReluDense.wi.weight")))
            throw new ModelFormatException(t.SourcePath, "this T5 has a ReLU feed-forward ('DenseReluDense.wi'); D-BETA uses Flan-T5's gated GELU ('wi_0', 'wi_1')");
        int ffn = t.Require(K.TextBlock(0, "layer.1.DenseReluDense.wi_0.weight"), A, width).Shape[0];

        var blocks = new List<Block>();
        for (int b = 0; b < blockCount; b++)
        {
            float[] W(string rest, params int[] shape) => t.Require(K.TextBlock(b, rest), shape).Data;
            blocks.Add(new Block(
                W("layer.0.layer_norm.weight", width),
                W("layer.0.SelfAttention.q.weight", inner, width),
                W("layer.0.SelfAttention.k.weight", inner, width),
                W("layer.0.SelfAttention.v.weight", inner, width),
                W("layer.0.SelfAttention.o.weight", width, inner),
                W("layer.1.layer_norm.weight", width),
                W("layer.1.DenseReluDense.wi_0.weight", ffn, width),
                W("layer.1.DenseReluDense.wi_1.weight", ffn, width),
                W("layer.1.DenseReluDense.wo.weight", width, ffn)));
        }

        var proj = t.Require(K.TextProjWeight, A, width);
        int embeddingDim = proj.Shape[0];
        return new TextEncoderWeights
        {
            Embedding = embedding.Data,
            RelativeBias = rel.Data,
            Blocks = blocks,
            FinalNormWeight = t.Require(K.TextFinalNorm, width).Data,
            ProjWeight = proj.Data,
            ProjBias = t.Require(K.TextProjBias, embeddingDim).Data,
            PoolerWeight = t.Require(K.TextPoolerWeight, embeddingDim, embeddingDim).Data,
            PoolerBias = t.Require(K.TextPoolerBias, embeddingDim).Data,
            VocabSize = vocab,
            Width = width,
            InnerDim = inner,
            Heads = heads,
            FfnDim = ffn,
            Buckets = buckets,
            MaxDistance = config.RelativeMaxDistance,
            EmbeddingDim = embeddingDim,
        };
    }
}
