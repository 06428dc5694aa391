using K = DBeta.MLNet.DBetaWeightKeys;

namespace DBeta.MLNet;

/// <summary>
/// D-BETA models with seeded random weights in the published architecture: the QuickStart, benchmarks and tests build
/// real-size (or <see cref="DBetaConfig.Tiny"/>) models with them on a machine that has no published checkpoint.
/// </summary>
public static class DBetaModels
{
    /// <summary>
    /// Writes D-BETA models with seeded random weights (<c>dbeta-ecg.onnx</c>, <c>dbeta-text.onnx</c> and what
    /// <paramref name="options"/> asks for) to <paramref name="outputFolder"/>: the whole pipeline runs, and is timed, on a
    /// machine without the published checkpoint. The same seed gives the same files on every machine.
    /// </summary>
    /// <param name="config">Architecture; <see cref="DBetaConfig.Default"/> for D-BETA's size, <see cref="DBetaConfig.Tiny"/> for quick trials.</param>
    /// <param name="outputFolder">Created if missing; existing model files are replaced.</param>
    /// <param name="seed">Any integer.</param>
    /// <param name="options">Extra ECG models (int8, standard operators); default none.</param>
    public static DBetaConversionSummary WriteRandom(DBetaConfig config, string outputFolder, int seed = 42, DBetaConversionOptions? options = null) =>
        DBetaConverter.Convert(CreateRandom(config, seed), config, outputFolder, options ?? new DBetaConversionOptions());

    /// <summary>Writes only the ECG encoder with seeded random weights to <paramref name="modelPath"/> (see <see cref="WriteRandom"/>).</summary>
    public static DBetaModelSummary WriteRandomEcgModel(DBetaConfig config, string modelPath, int seed = 42,
        EcgModelPrecision precision = EcgModelPrecision.Float32) =>
        DBetaConverter.WriteEcgModel(CreateRandom(config, seed), config, modelPath, precision);

    /// <summary>
    /// Every key of D-BETA's checkpoint layout for <paramref name="config"/>, filled deterministically from
    /// <paramref name="seed"/>: weights and biases uniform in +-1/sqrt(fan_in) (PyTorch's default scale), norm weights 1
    /// and norm biases 0, the positional convolution's weight-norm gain equal to the norm of its direction, so the
    /// effective weight is fan-in scaled too. The same seed gives the same values on every platform.
    /// </summary>
    /// <param name="config">Architecture; <see cref="DBetaConfig.Default"/> for D-BETA's size, <see cref="DBetaConfig.Tiny"/> for tests.</param>
    /// <param name="seed">Any integer.</param>
    internal static StateDict CreateRandom(DBetaConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.EncoderEmbedDim % config.EncoderAttentionHeads != 0 || config.EncoderEmbedDim % config.ConvPosGroups != 0)
            throw new ArgumentException("EncoderEmbedDim must be a multiple of EncoderAttentionHeads and ConvPosGroups", nameof(config));
        if (config.TextDim % config.TextHeads != 0)
            throw new ArgumentException("TextDim must be a multiple of TextHeads", nameof(config));

        var specs = new List<(string Key, int[] Shape, Init Init, int FanIn)>();
        void Linear(string prefix, int outF, int inF, bool bias = true)
        {
            specs.Add((prefix + ".weight", [outF, inF], Init.Uniform, inF));
            if (bias) specs.Add((prefix + ".bias", [outF], Init.Uniform, inF));
        }
        void Norm(string prefix, int width, bool bias = true)
        {
            specs.Add((prefix + ".weight", [width], Init.One, 1));
            if (bias) specs.Add((prefix + ".bias", [width], Init.Zero, 1));
        }

        // ECG encoder.
        int inChannels = DBetaConfig.LeadCount;
        var convs = config.ConvFeatureLayers;
        for (int i = 0; i < convs.Count; i++)
        {
            specs.Add((K.ConvWeight(i), [convs[i].Channels, inChannels, convs[i].Kernel], Init.Uniform, inChannels * convs[i].Kernel));
            inChannels = convs[i].Channels;
        }
        Norm("ecg_encoder.feature_extractor.conv_layers.0.2", convs[0].Channels);
        int e = config.EncoderEmbedDim, features = convs[^1].Channels;
        Norm("ecg_encoder.layer_norm", features);
        Linear("ecg_encoder.post_extract_proj", e, features);
        int posIn = e / config.ConvPosGroups;
        specs.Add((K.PosConvV, [e, posIn, config.ConvPosKernel], Init.Uniform, posIn * config.ConvPosKernel));
        specs.Add((K.PosConvG, [1, 1, config.ConvPosKernel], Init.NormOfPosConv, 1));
        specs.Add((K.PosConvBias, [e], Init.Uniform, posIn * config.ConvPosKernel));
        specs.Add((K.ClassEmbedding, [e], Init.Uniform, 1));
        Norm("ecg_encoder.encoder.layer_norm", e);
        for (int l = 0; l < config.EncoderLayers; l++)
        {
            foreach (string p in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
                Linear(K.EcgLayer(l, "self_attn." + p), e, e);
            Norm(K.EcgLayer(l, "self_attn_layer_norm"), e);
            Linear(K.EcgLayer(l, "fc1"), config.EncoderFfnDim, e);
            Linear(K.EcgLayer(l, "fc2"), e, config.EncoderFfnDim);
            Norm(K.EcgLayer(l, "final_layer_norm"), e);
        }
        Linear("multi_modal_ecg_proj", config.EmbeddingDim, e);
        Linear("unimodal_ecg_pooler.dense", config.EmbeddingDim, config.EmbeddingDim);

        // Text encoder (T5 v1.1: no biases, RMS norms without bias).
        int d = config.TextDim;
        specs.Add((K.SharedEmbedding, [config.VocabSize, d], Init.Uniform, 1));
        specs.Add((K.RelativeAttentionBias, [config.RelativeBuckets, config.TextHeads], Init.Uniform, 1));
        for (int b = 0; b < config.TextLayers; b++)
        {
            Norm(K.TextBlock(b, "layer.0.layer_norm"), d, bias: false);
            foreach (string p in new[] { "q", "k", "v", "o" })
                Linear(K.TextBlock(b, "layer.0.SelfAttention." + p), d, d, bias: false);
            Norm(K.TextBlock(b, "layer.1.layer_norm"), d, bias: false);
            Linear(K.TextBlock(b, "layer.1.DenseReluDense.wi_0"), config.TextFfnDim, d, bias: false);
            Linear(K.TextBlock(b, "layer.1.DenseReluDense.wi_1"), config.TextFfnDim, d, bias: false);
            Linear(K.TextBlock(b, "layer.1.DenseReluDense.wo"), d, config.TextFfnDim, bias: false);
        }
        Norm("language_encoder.encoder.final_layer_norm", d, bias: false);
        Linear("multi_modal_language_proj", config.EmbeddingDim, d);
        Linear("unimodal_language_pooler.dense", config.EmbeddingDim, config.EmbeddingDim);

        var tensors = new WeightTensor[specs.Count];
        Parallel.For(0, specs.Count, i =>
        {
            var (key, shape, init, fanIn) = specs[i];
            var data = new float[shape.Aggregate(1, (a, x) => a * x)];
            if (init == Init.One) Array.Fill(data, 1f);
            else if (init == Init.Uniform) SeededUniform.For(seed, key).Fill(data, 1f / MathF.Sqrt(fanIn));
            tensors[i] = new WeightTensor(key, shape, data);
        });

        var byKey = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var gain = byKey[K.PosConvG].Data;
        var direction = byKey[K.PosConvV].Data;
        int kernel = config.ConvPosKernel;
        for (int k = 0; k < kernel; k++)
        {
            double sumSq = 0;
            for (int r = k; r < direction.Length; r += kernel) sumSq += (double)direction[r] * direction[r];
            gain[k] = (float)Math.Sqrt(sumSq);
        }
        return new StateDict($"random(seed={seed})", "random", byKey, []);
    }

    private enum Init { Uniform, One, Zero, NormOfPosConv }
}
