using DBeta.MLNet.Onnx.Proto;
using static DBeta.MLNet.OnnxAttribute;

namespace DBeta.MLNet;

/// <summary>
/// The ONNX graph of D-BETA's ECG encoder (<c>dbeta-ecg.onnx</c>): input <see cref="InputName"/> float
/// <c>[batch, 12, time]</c>, output <see cref="OutputName"/> float <c>[batch, embedding]</c>.
/// </summary>
/// <remarks>
/// conv stack (GroupNorm after the first, GELU after each) -> LayerNorm -> projection -> + GELU(positional conv) ->
/// class token -> LayerNorm -> post-LN transformer layers -> projection of the class token -> pooler + tanh.
/// Any <c>time</c> of at least one output frame works; D-BETA was trained on 5000 samples (10 s at 500 Hz).
/// The int8 model (<see cref="EcgModelPrecision.Int8"/>) takes one ECG per run (<c>batch</c> fixed at 1): its activations
/// are quantised with one scale per tensor, which would otherwise make an embedding depend on the other ECGs of its batch.
/// With <see cref="EcgGraphOperators.Standard"/> the float32 graph uses standard ONNX operators only, for any ONNX runtime.
/// </remarks>
internal static class DBetaEcgGraph
{
    /// <summary>Name of the ECG input, float <c>[batch, 12, time]</c>.</summary>
    public const string InputName = "ecg";

    /// <summary>Name of the embedding output, float <c>[batch, embedding]</c>.</summary>
    public const string OutputName = "embedding";

    /// <summary>Value of the <c>dbeta.kind</c> metadata entry.</summary>
    public const string Kind = "ecg";

    /// <summary>Value of the <c>dbeta.precision</c> metadata entry of an int8 model.</summary>
    public const string Int8Precision = "int8";

    /// <summary>Value of the <c>dbeta.operators</c> metadata entry of a model in standard ONNX operators only.</summary>
    public const string StandardOperators = "standard";

    /// <summary>Value of the <c>dbeta.operators</c> metadata entry of a model that uses ONNX Runtime's contrib operators.</summary>
    public const string OnnxRuntimeOperators = "onnxruntime";

    internal static OnnxGraphBuilder Build(EcgEncoderWeights w, EcgModelPrecision precision = EcgModelPrecision.Float32,
        EcgGraphOperators operators = EcgGraphOperators.OnnxRuntime)
    {
        if (precision == EcgModelPrecision.Int8 && operators == EcgGraphOperators.Standard)
            throw new ArgumentException("the int8 ECG graph needs ONNX Runtime's contrib operators; standard operators are float32 only", nameof(operators));
        var g = new OnnxGraphBuilder("dbeta_ecg_encoder");
        const float Eps = DBetaConfig.EcgNormEpsilon;
        // int8 activations are quantised per tensor: one ECG per run keeps each embedding independent of its batch.
        OnnxDim batch = precision == EcgModelPrecision.Int8 ? 1 : "batch";
        string x = g.Input(InputName, TensorProto.Types.DataType.Float, batch, w.LeadCount, "time");

        // Feature extractor: Conv1d (bias only if the checkpoint has one); GroupNorm with one group per channel == InstanceNormalization.
        for (int i = 0; i < w.Convs.Count; i++)
        {
            var c = w.Convs[i];
            string[] inputs = c.Bias is null
                ? [x, g.Initializer($"conv{i}.weight", c.Weight, c.OutChannels, c.InChannels, c.Kernel)]
                : [x, g.Initializer($"conv{i}.weight", c.Weight, c.OutChannels, c.InChannels, c.Kernel), g.Initializer($"conv{i}.bias", c.Bias, c.OutChannels)];
            x = g.Node("Conv", inputs, $"conv{i}", Ints("kernel_shape", c.Kernel), Ints("strides", c.Stride));
            if (i == 0)
            {
                string gnW = g.Initializer("conv0.norm.weight", w.GroupNormWeight, c.OutChannels);
                string gnB = g.Initializer("conv0.norm.bias", w.GroupNormBias, c.OutChannels);
                x = g.Node("InstanceNormalization", [x, gnW, gnB], "conv0.norm", Float("epsilon", Eps));
            }
            x = g.GeluErf(x, $"conv{i}.gelu");
        }

        x = g.Transpose(x, [0, 2, 1], "features.transpose"); // [B, T', C]
        x = g.LayerNorm(x, g.Initializer("features.norm.weight", w.FeatureNormWeight, w.FeatureChannels),
            g.Initializer("features.norm.bias", w.FeatureNormBias, w.FeatureChannels), Eps, "features.norm");
        if (w.PostProjWeight is not null)
            x = g.Linear(x, g.Initializer("post_extract_proj.weight", WeightLayout.Transposed(w.PostProjWeight, w.Width, w.FeatureChannels), w.FeatureChannels, w.Width),
                g.Initializer("post_extract_proj.bias", w.PostProjBias!, w.Width), "post_extract_proj");

        x = g.Add(x, PositionalConv(g, w, x, precision, spectral: operators == EcgGraphOperators.OnnxRuntime), "pos_conv.residual");

        // Prepend the class token: Expand [1, 1, W] to [B, 1, W] with B taken from the input.
        string batchSize = g.Node("Slice", [g.Node("Shape", [x], "batch.shape"), g.Int64s(0), g.Int64s(1)], "batch.slice");
        string expandShape = g.Node("Concat", [batchSize, g.Int64s(1, 1)], "cls.shape", Int("axis", 0));
        string cls = g.Node("Expand", [g.Initializer("class_embedding", w.ClassEmbedding, 1, 1, w.Width), expandShape], "cls.expand");
        x = g.Node("Concat", [cls, x], "cls.concat", Int("axis", 1));
        // Name the token axis: shape inference cannot, and ONNX Runtime fuses Add + LayerNormalization only between equal symbols.
        g.DeclareShape(x, TensorProto.Types.DataType.Float, batch, "tokens", w.Width);

        x = g.LayerNorm(x, g.Initializer("encoder.norm.weight", w.EncoderNormWeight, w.Width),
            g.Initializer("encoder.norm.bias", w.EncoderNormBias, w.Width), Eps, "encoder.norm");

        for (int l = 0; l < w.Layers.Count; l++)
            x = precision == EcgModelPrecision.Int8 ? Int8Layer(g, w, w.Layers[l], x, $"layers.{l}") : Layer(g, w, w.Layers[l], x, $"layers.{l}", operators);

        // Only the class token is pooled, and the projection is per token: project just that token.
        string first = g.Node("Gather", [x, g.Int64Scalar(0)], "cls.gather", Int("axis", 1)); // [B, W]
        string proj = g.Linear(first, g.Initializer("ecg_proj.weight", WeightLayout.Transposed(w.ProjWeight, w.EmbeddingDim, w.Width), w.Width, w.EmbeddingDim),
            g.Initializer("ecg_proj.bias", w.ProjBias, w.EmbeddingDim), "ecg_proj");
        string pooled = g.Linear(proj, g.Initializer("pooler.weight", WeightLayout.Transposed(w.PoolerWeight, w.EmbeddingDim, w.EmbeddingDim), w.EmbeddingDim, w.EmbeddingDim),
            g.Initializer("pooler.bias", w.PoolerBias, w.EmbeddingDim), "pooler");
        g.Output(g.Node("Tanh", [pooled], "pooler.tanh"), OutputName, TensorProto.Types.DataType.Float, batch, w.EmbeddingDim);
        return g;
    }

    /// <summary>GELU(grouped Conv1d with "same" padding, the last step dropped for even kernels) over time, back in [B, T', W].</summary>
    /// <remarks>
    /// float32 with <paramref name="spectral"/>: through the DFT (<see cref="SpectralPositionalConvolution"/>) up to its
    /// longest input, the direct Conv beyond (an <c>If</c> on the frame count); else the direct Conv; int8: ConvInteger.
    /// </remarks>
    private static string PositionalConv(OnnxGraphBuilder g, EcgEncoderWeights w, string x, EcgModelPrecision precision, bool spectral)
    {
        string channelsFirst = g.Transpose(x, [0, 2, 1], "pos_conv.to_channels");
        if (precision == EcgModelPrecision.Int8)
            return Finish(DirectPositionalConv(g, w, channelsFirst, null));

        string weight = g.Initializer("pos_conv.weight", w.PosConvWeight, w.Width, w.Width / w.PosConvGroups, w.PosConvKernel);
        string bias = g.Initializer("pos_conv.bias", w.PosConvBias, w.Width);
        if (!spectral)
            return Finish(DirectPositionalConv(g, w, channelsFirst, (weight, bias)));

        var dft = new SpectralPositionalConvolution(w.PosConvKernel, w.PosConvGroups, w.Width, w.FramesOf(DBetaConfig.SampleCount));
        string response = dft.SpectralWeight(g, weight, "pos_conv.spectral");
        string frames = g.Node("Slice", [g.Node("Shape", [x], "pos_conv.shape"), g.Int64s(1), g.Int64s(2)], "pos_conv.frames"); // [1]
        string fits = g.Node("LessOrEqual", [frames, g.Int64s(dft.MaxFrames)], "pos_conv.fits_dft");
        return Finish(g.If(fits,
            () => dft.Emit(g, channelsFirst, frames, response, bias, "pos_conv.spectral"),
            () => DirectPositionalConv(g, w, channelsFirst, (weight, bias)),
            "pos_conv"));

        string Finish(string y) => g.Transpose(g.GeluErf(y, "pos_conv.gelu"), [0, 2, 1], "pos_conv.to_time");
    }

    /// <summary>
    /// The positional Conv1d on channels-first <c>x</c> [B, W, T'] ("same" padding, the extra step of an even kernel
    /// dropped), plus bias; int8 weights when <paramref name="weights"/> is null, else those float32 initializers.
    /// </summary>
    private static string DirectPositionalConv(OnnxGraphBuilder g, EcgEncoderWeights w, string x, (string Weight, string Bias)? weights)
    {
        int k = w.PosConvKernel, pad = k / 2, inPerGroup = w.Width / w.PosConvGroups;
        AttributeProto[] attributes = [Ints("kernel_shape", k), Ints("pads", pad, pad), Int("group", w.PosConvGroups)];
        string y = weights is { } f
            ? g.Node("Conv", [x, f.Weight, f.Bias], "pos_conv.direct", attributes)
            : QuantizedConv(g, x, Int8Weight.PerRow(w.PosConvWeight, w.Width, inPerGroup * k), [w.Width, inPerGroup, k], w.PosConvBias, attributes, "pos_conv");
        if (k % 2 == 0) // padding k/2 on both sides yields one step more than the input
            y = g.Node("Slice", [y, g.Int64s(0), g.Int64s(-1), g.Int64s(2)], "pos_conv.trim");
        return y;
    }

    /// <summary>
    /// A Conv1d with int8 weights per output channel: the input quantised per tensor at run time (uint8), ConvInteger on
    /// the weight shifted to uint8 (zero point 128, ONNX Runtime's kernel takes only uint8), the int32 result rescaled by
    /// input scale x channel scale, plus the float bias.
    /// </summary>
    internal static string QuantizedConv(OnnxGraphBuilder g, string x, Int8Weight q, long[] dims, float[] bias, AttributeProto[] attributes, string name)
    {
        long channels = dims[0];
        string[] quantized = g.Node("DynamicQuantizeLinear", [x], 3, "", name + ".quantize");
        string weight = g.Initializer(name + ".weight_uint8", q.ShiftedToUInt8(), dims);
        string zeroPoint = g.Initializer(name + ".weight_zero_point", [(byte)128]);
        string integer = g.Node("ConvInteger", [quantized[0], weight, quantized[2], zeroPoint], name, attributes);
        string real = g.Node("Cast", [integer], name + ".cast", Int("to", (long)TensorProto.Types.DataType.Float));
        string scale = g.Mul(quantized[1], g.Initializer(name + ".weight_scale", q.Scales, channels, 1), name + ".scale");
        return g.Add(g.Mul(real, scale, name + ".rescale"), g.Initializer(name + ".bias", bias, channels, 1), name + ".bias");
    }

    /// <summary>
    /// x = LN1(x + Attn(x)); x = LN2(x + fc2(GELU(fc1(x)))), attention as one fused ONNX Runtime Attention node, or in
    /// standard operators (<see cref="StandardAttention"/>).
    /// </summary>
    private static string Layer(OnnxGraphBuilder g, EcgEncoderWeights w, EcgEncoderWeights.Layer p, string x, string name, EcgGraphOperators operators)
    {
        int d = w.Width, f = w.FfnDim;
        const float Eps = DBetaConfig.EcgNormEpsilon;
        string attn;
        if (operators == EcgGraphOperators.Standard)
        {
            attn = StandardAttention.Build(g, x, p, d, w.Heads, name + ".attn");
        }
        else
        {
            string qkv = g.Initializer(name + ".attn.qkv.weight", WeightLayout.PackedTransposed(d, (p.QWeight, d), (p.KWeight, d), (p.VWeight, d)), d, 3 * d);
            string qkvBias = g.Initializer(name + ".attn.qkv.bias", WeightLayout.Concat(p.QBias, p.KBias, p.VBias), 3 * d);
            attn = g.MicrosoftNode("Attention", [x, qkv, qkvBias], name + ".attn", Int("num_heads", w.Heads));
        }
        attn = g.Linear(attn, g.Initializer(name + ".attn.out.weight", WeightLayout.Transposed(p.OutWeight, d, d), d, d),
            g.Initializer(name + ".attn.out.bias", p.OutBias, d), name + ".attn.out");
        x = g.LayerNorm(g.Add(x, attn, name + ".attn.residual"), g.Initializer(name + ".attn.norm.weight", p.AttnNormWeight, d),
            g.Initializer(name + ".attn.norm.bias", p.AttnNormBias, d), Eps, name + ".attn.norm");

        string h = g.Linear(x, g.Initializer(name + ".fc1.weight", WeightLayout.Transposed(p.Fc1Weight, f, d), d, f),
            g.Initializer(name + ".fc1.bias", p.Fc1Bias, f), name + ".fc1");
        h = g.GeluErf(h, name + ".gelu");
        h = g.Linear(h, g.Initializer(name + ".fc2.weight", WeightLayout.Transposed(p.Fc2Weight, d, f), f, d),
            g.Initializer(name + ".fc2.bias", p.Fc2Bias, d), name + ".fc2");
        return g.LayerNorm(g.Add(x, h, name + ".ffn.residual"), g.Initializer(name + ".ffn.norm.weight", p.FinalNormWeight, d),
            g.Initializer(name + ".ffn.norm.bias", p.FinalNormBias, d), Eps, name + ".ffn.norm");
    }

    /// <summary>
    /// <see cref="Layer"/> with int8 weights: QAttention and DynamicQuantizeMatMul quantise their float input per tensor at
    /// run time (uint8, asymmetric) and multiply it by the per-column int8 weights; biases, norms and GELU stay float32.
    /// </summary>
    private static string Int8Layer(OnnxGraphBuilder g, EcgEncoderWeights w, EcgEncoderWeights.Layer p, string x, string name)
    {
        int d = w.Width, f = w.FfnDim;
        const float Eps = DBetaConfig.EcgNormEpsilon;
        string attn = QuantizedAttention(g, x, p, d, w.Heads, name + ".attn");
        attn = QuantizedLinear(g, attn, WeightLayout.Transposed(p.OutWeight, d, d), d, d, p.OutBias, name + ".attn.out");
        x = g.LayerNorm(g.Add(x, attn, name + ".attn.residual"), g.Initializer(name + ".attn.norm.weight", p.AttnNormWeight, d),
            g.Initializer(name + ".attn.norm.bias", p.AttnNormBias, d), Eps, name + ".attn.norm");

        string h = QuantizedLinear(g, x, WeightLayout.Transposed(p.Fc1Weight, f, d), d, f, p.Fc1Bias, name + ".fc1");
        h = g.GeluErf(h, name + ".gelu");
        h = QuantizedLinear(g, h, WeightLayout.Transposed(p.Fc2Weight, d, f), f, d, p.Fc2Bias, name + ".fc2");
        return g.LayerNorm(g.Add(x, h, name + ".ffn.residual"), g.Initializer(name + ".ffn.norm.weight", p.FinalNormWeight, d),
            g.Initializer(name + ".ffn.norm.bias", p.FinalNormBias, d), Eps, name + ".ffn.norm");
    }

    /// <summary>
    /// Self-attention of <c>x</c> [B, S, width] before the output projection: QAttention on the input quantised per tensor
    /// (DynamicQuantizeLinear, uint8) with the packed Q, K, V weights int8 per output column.
    /// </summary>
    internal static string QuantizedAttention(OnnxGraphBuilder g, string x, EcgEncoderWeights.Layer p, int width, int heads, string name)
    {
        int d = width;
        var qkv = Int8Weight.PerColumn(WeightLayout.PackedTransposed(d, (p.QWeight, d), (p.KWeight, d), (p.VWeight, d)), d, 3 * d);
        string[] quantized = g.Node("DynamicQuantizeLinear", [x], 3, "", name + ".quantize");
        return g.Node("QAttention",
            [quantized[0], g.Initializer(name + ".qkv.weight_int8", qkv.Values, d, 3 * d), g.Initializer(name + ".qkv.bias", WeightLayout.Concat(p.QBias, p.KBias, p.VBias), 3 * d),
             quantized[1], g.Initializer(name + ".qkv.weight_scale", qkv.Scales, 3 * d), "", quantized[2]],
            1, OnnxGraphBuilder.MicrosoftDomain, name, Int("num_heads", heads))[0];
    }

    /// <summary><c>x @ weight + bias</c> as one DynamicQuantizeMatMul over the int8 form of a pre-transposed <c>[in, out]</c> weight.</summary>
    internal static string QuantizedLinear(OnnxGraphBuilder g, string x, float[] weight, int inFeatures, int outFeatures, float[] bias, string name)
    {
        var q = Int8Weight.PerColumn(weight, inFeatures, outFeatures);
        return g.MicrosoftNode("DynamicQuantizeMatMul",
            [x, g.Initializer(name + ".weight_int8", q.Values, inFeatures, outFeatures), g.Initializer(name + ".weight_scale", q.Scales, outFeatures), "",
             g.Initializer(name + ".bias", bias, outFeatures)], name);
    }
}
