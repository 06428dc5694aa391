using K = DBeta.MLNet.DBetaWeightKeys;

namespace DBeta.MLNet;

/// <summary>
/// The ECG encoder's weights, checked and in PyTorch layout (<c>Linear</c>: <c>[out, in]</c>; <c>Conv1d</c>:
/// <c>[out, in / groups, kernel]</c>), with the dimensions read from their shapes.
/// </summary>
internal sealed class EcgEncoderWeights
{
    /// <summary>One feature-extractor convolution (D-BETA's have no bias: <c>conv_bias = False</c>).</summary>
    public sealed record ConvStage(float[] Weight, float[]? Bias, int OutChannels, int InChannels, int Kernel, int Stride);

    /// <summary>One post-LN transformer layer.</summary>
    public sealed record Layer(
        float[] QWeight, float[] QBias, float[] KWeight, float[] KBias, float[] VWeight, float[] VBias,
        float[] OutWeight, float[] OutBias, float[] AttnNormWeight, float[] AttnNormBias,
        float[] Fc1Weight, float[] Fc1Bias, float[] Fc2Weight, float[] Fc2Bias, float[] FinalNormWeight, float[] FinalNormBias);

    public required IReadOnlyList<ConvStage> Convs { get; init; }
    public required float[] GroupNormWeight { get; init; }
    public required float[] GroupNormBias { get; init; }
    public required float[] FeatureNormWeight { get; init; }
    public required float[] FeatureNormBias { get; init; }
    public float[]? PostProjWeight { get; init; }
    public float[]? PostProjBias { get; init; }
    /// <summary>Positional convolution weight after weight normalisation, <c>[width, width / groups, kernel]</c>.</summary>
    public required float[] PosConvWeight { get; init; }
    public required float[] PosConvBias { get; init; }
    public required int PosConvKernel { get; init; }
    public required int PosConvGroups { get; init; }
    public required float[] ClassEmbedding { get; init; }
    public required float[] EncoderNormWeight { get; init; }
    public required float[] EncoderNormBias { get; init; }
    public required IReadOnlyList<Layer> Layers { get; init; }
    public required float[] ProjWeight { get; init; }
    public required float[] ProjBias { get; init; }
    public required float[] PoolerWeight { get; init; }
    public required float[] PoolerBias { get; init; }

    public required int LeadCount { get; init; }
    public required int FeatureChannels { get; init; }
    public required int Width { get; init; }

    /// <summary>Frames the feature extractor makes of <paramref name="samples"/> samples (unpadded convolutions).</summary>
    public int FramesOf(int samples)
    {
        foreach (var c in Convs) samples = samples < c.Kernel ? 0 : (samples - c.Kernel) / c.Stride + 1;
        return samples;
    }
    public required int Heads { get; init; }
    public required int FfnDim { get; init; }
    public required int EmbeddingDim { get; init; }

    /// <summary>
    /// Reads and checks the ECG side of a checkpoint. Dimensions come from the tensors; the head count and conv strides
    /// from <paramref name="config"/>, which, when <paramref name="configGiven"/>, must also agree with the shapes.
    /// </summary>
    public static EcgEncoderWeights Read(CheckpointTensors t, DBetaConfig config, bool configGiven)
    {
        const int A = CheckpointTensors.Any;
        string file = t.SourcePath;

        int convCount = t.CountIndexed(K.ConvWeight);
        if (convCount == 0) t.Require(K.ConvWeight(0), A, A, A); // throws: missing
        var specs = config.ConvFeatureLayers;
        if (configGiven && specs.Count != convCount)
            throw new ModelFormatException(file, $"config conv_feature_layers has {specs.Count} layers but the checkpoint has {convCount} ('{K.ConvWeight(0)}' ...)");
        var convs = new List<ConvStage>();
        int inChannels = DBetaConfig.LeadCount;
        for (int i = 0; i < convCount; i++)
        {
            var w = t.Require(K.ConvWeight(i), A, inChannels, A);
            int stride = i < specs.Count ? specs[i].Stride : specs[^1].Stride;
            if (configGiven && (specs[i].Channels != w.Shape[0] || specs[i].Kernel != w.Shape[2]))
                throw new ModelFormatException(file, $"config conv_feature_layers[{i}] = ({specs[i].Channels}, {specs[i].Kernel}, {specs[i].Stride}) but '{K.ConvWeight(i)}' has shape {w.ShapeText}");
            string biasKey = K.ConvWeight(i)[..^"weight".Length] + "bias";
            float[]? bias = t.Has(biasKey) ? t.Require(biasKey, w.Shape[0]).Data : null;
            convs.Add(new ConvStage(w.Data, bias, w.Shape[0], inChannels, w.Shape[2], stride));
            inChannels = w.Shape[0];
        }
        int c0 = convs[0].OutChannels;
        int channels = convs[^1].OutChannels;

        var gnW = t.Require(K.ConvGroupNormWeight, c0).Data;
        var gnB = t.Require(K.ConvGroupNormBias, c0).Data;
        var fnW = t.Require(K.FeatureNormWeight, channels).Data;
        var fnB = t.Require(K.FeatureNormBias, channels).Data;

        float[]? projW = null, projB = null;
        int width = channels;
        if (t.Has(K.PostExtractProjWeight))
        {
            var pw = t.Require(K.PostExtractProjWeight, A, channels);
            width = pw.Shape[0];
            projW = pw.Data;
            projB = t.Require(K.PostExtractProjBias, width).Data;
        }

        int layerCount = t.CountIndexed(l => K.EcgLayer(l, "self_attn.q_proj.weight"));
        if (layerCount == 0) t.Require(K.EcgLayer(0, "self_attn.q_proj.weight"), width, width);
        int ffn = t.Require(K.EcgLayer(0, "fc1.weight"), A, width).Shape[0];
        int heads = config.EncoderAttentionHeads;
        if (heads <= 0 || width % heads != 0)
            throw new ModelFormatException(file, $"encoder_attention_heads {heads} does not divide the encoder width {width}; pass the model's config.json");
        if (configGiven)
        {
            Check(file, "encoder_layers", config.EncoderLayers, layerCount, "transformer layers");
            Check(file, "encoder_embed_dim", config.EncoderEmbedDim, width, $"width ('{K.PostExtractProjWeight}')");
            Check(file, "encoder_ffn_embed_dim", config.EncoderFfnDim, ffn, $"feed-forward width ('{K.EcgLayer(0, "fc1.weight")}')");
        }

        var (posW, posKernel, posGroups) = ReadPositionalConv(t, width, config, configGiven);
        var posB = t.Require(K.PosConvBias, width).Data;
        var cls = t.Require(K.ClassEmbedding, width).Data;
        var enW = t.Require(K.EncoderNormWeight, width).Data;
        var enB = t.Require(K.EncoderNormBias, width).Data;

        var layers = new List<Layer>();
        for (int l = 0; l < layerCount; l++)
        {
            float[] W(string rest, params int[] shape) => t.Require(K.EcgLayer(l, rest), shape).Data;
            layers.Add(new Layer(
                W("self_attn.q_proj.weight", width, width), W("self_attn.q_proj.bias", width),
                W("self_attn.k_proj.weight", width, width), W("self_attn.k_proj.bias", width),
                W("self_attn.v_proj.weight", width, width), W("self_attn.v_proj.bias", width),
                W("self_attn.out_proj.weight", width, width), W("self_attn.out_proj.bias", width),
                W("self_attn_layer_norm.weight", width), W("self_attn_layer_norm.bias", width),
                W("fc1.weight", ffn, width), W("fc1.bias", ffn),
                W("fc2.weight", width, ffn), W("fc2.bias", width),
                W("final_layer_norm.weight", width), W("final_layer_norm.bias", width)));
        }

        var ecgProj = t.Require(K.EcgProjWeight, A, width);
        int embedding = ecgProj.Shape[0];
        if (configGiven) Check(file, "hidden_dim", config.EmbeddingDim, embedding, $"embedding width ('{K.EcgProjWeight}')");

        return new EcgEncoderWeights
        {
            Convs = convs,
            GroupNormWeight = gnW,
            GroupNormBias = gnB,
            FeatureNormWeight = fnW,
            FeatureNormBias = fnB,
            PostProjWeight = projW,
            PostProjBias = projB,
            PosConvWeight = posW,
            PosConvBias = posB,
            PosConvKernel = posKernel,
            PosConvGroups = posGroups,
            ClassEmbedding = cls,
            EncoderNormWeight = enW,
            EncoderNormBias = enB,
            Layers = layers,
            ProjWeight = ecgProj.Data,
            ProjBias = t.Require(K.EcgProjBias, embedding).Data,
            PoolerWeight = t.Require(K.EcgPoolerWeight, embedding, embedding).Data,
            PoolerBias = t.Require(K.EcgPoolerBias, embedding).Data,
            LeadCount = DBetaConfig.LeadCount,
            FeatureChannels = channels,
            Width = width,
            Heads = heads,
            FfnDim = ffn,
            EmbeddingDim = embedding,
        };
    }

    /// <summary>
    /// The positional convolution's weight: weight-normalised (<c>dim=2</c>: <c>w = g * v / ||v||</c>, the norm taken over
    /// the output and input axes for each kernel tap) under either PyTorch naming, or a plain <c>weight</c>.
    /// </summary>
    private static (float[] Weight, int Kernel, int Groups) ReadPositionalConv(CheckpointTensors t, int width, DBetaConfig config, bool configGiven)
    {
        const int A = CheckpointTensors.Any;
        const string plainKey = "ecg_encoder.conv_pos.pos_conv.0.weight";
        string gKey = t.Has(K.PosConvV2) ? K.PosConvG2 : K.PosConvG;
        string vKey = t.Has(K.PosConvV2) ? K.PosConvV2 : K.PosConvV;
        bool plain = !t.Has(vKey) && t.Has(plainKey);

        var v = t.Require(plain ? plainKey : vKey, width, A, A);
        int inPerGroup = v.Shape[1], kernel = v.Shape[2];
        if (inPerGroup <= 0 || width % inPerGroup != 0)
            throw new ModelFormatException(t.SourcePath, $"tensor '{v.Name}' has shape {v.ShapeText}: {inPerGroup} input channels per group does not divide the width {width}");
        int groups = width / inPerGroup;
        if (configGiven)
        {
            Check(t.SourcePath, "conv_pos", config.ConvPosKernel, kernel, $"positional kernel ('{v.Name}')");
            Check(t.SourcePath, "conv_pos_groups", config.ConvPosGroups, groups, $"positional groups ('{v.Name}')");
        }
        if (plain) return (v.Data, kernel, groups);

        var g = t.Require(gKey, A, A, A);
        if (g.Shape[0] != 1 || g.Shape[1] != 1 || g.Shape[2] != kernel)
            throw new ModelFormatException(t.SourcePath, $"tensor '{gKey}' has shape {g.ShapeText}, expected [1, 1, {kernel}] (weight norm over dim 2)");

        var w = new float[v.Data.Length];
        int rows = width * inPerGroup;
        for (int k = 0; k < kernel; k++)
        {
            double sumSq = 0;
            for (int r = 0; r < rows; r++)
            {
                double x = v.Data[r * kernel + k];
                sumSq += x * x;
            }
            double scale = sumSq > 0 ? g.Data[k] / Math.Sqrt(sumSq) : 0;
            for (int r = 0; r < rows; r++) w[r * kernel + k] = (float)(v.Data[r * kernel + k] * scale);
        }
        return (w, kernel, groups);
    }

    private static void Check(string file, string configKey, int configValue, int actual, string what)
    {
        if (configValue != actual)
            throw new ModelFormatException(file, $"config {configKey} = {configValue} but the checkpoint's {what} is {actual}");
    }
}
