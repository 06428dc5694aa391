namespace DBeta.MLNet;

/// <summary>
/// The numbers of the D-BETA model and its input, in one place. Defaults are D-BETA's published configuration
/// (the paper, ICML 2025, and the released <c>config.json</c>); the architecture properties can be overridden
/// for smaller test models.
/// </summary>
public sealed record DBetaConfig
{
    // ---- Input: 10 s of 12-lead ECG at 500 Hz (D-BETA's preprocessing) ----

    /// <summary>Leads per ECG, in the order of <see cref="EcgLeads.Standard"/>.</summary>
    public const int LeadCount = 12;

    /// <summary>Sampling rate the encoder expects, in Hz.</summary>
    public const int SampleRate = 500;

    /// <summary>Samples per lead the encoder expects (10 s at 500 Hz).</summary>
    public const int SampleCount = 5000;

    /// <summary>CODE / CODE-15 tracings: 4096 samples at 400 Hz (zero-padded 7-10 s recordings).</summary>
    public const int CodeSampleRate = 400;

    /// <summary>Samples per lead in a CODE tracing.</summary>
    public const int CodeSampleCount = 4096;

    /// <summary>D-BETA resamples CODE's 4096 samples to 5120 (400 -> 500 Hz) and keeps the first 5000.</summary>
    public const int CodeResampledCount = 5120;

    // ---- ECG encoder (D-BETA config.json: conv_feature_layers = "[(256, 2, 2)] * 4", encoder_* keys) ----

    // The feature-extractor stack is described once: four numbers for a uniform stack (D-BETA's), or the layer list
    // (ConvFeatureLayers) for any other; the numbers below then read from that list, so the two never disagree.

    /// <summary>Channels of the feature-extractor convolutions (of the last one, in a non-uniform stack). Setting it describes a uniform stack.</summary>
    public int ConvChannels { get => _convFeatureLayers?[^1].Channels ?? _convChannels; init => (_convChannels, _convFeatureLayers) = (value, null); }

    /// <summary>Number of feature-extractor convolutions. Setting it describes a uniform stack.</summary>
    public int ConvLayers { get => _convFeatureLayers?.Count ?? _convLayers; init => (_convLayers, _convFeatureLayers) = (value, null); }

    /// <summary>Kernel width of each feature-extractor convolution (of the first one, in a non-uniform stack). Setting it describes a uniform stack.</summary>
    public int ConvKernel { get => _convFeatureLayers?[0].Kernel ?? _convKernel; init => (_convKernel, _convFeatureLayers) = (value, null); }

    /// <summary>Stride of each feature-extractor convolution (of the first one, in a non-uniform stack). Setting it describes a uniform stack.</summary>
    public int ConvStride { get => _convFeatureLayers?[0].Stride ?? _convStride; init => (_convStride, _convFeatureLayers) = (value, null); }

    private readonly int _convChannels = 256, _convLayers = 4, _convKernel = 2, _convStride = 2;

    /// <summary>Transformer width (<c>encoder_embed_dim</c>).</summary>
    public int EncoderEmbedDim { get; init; } = 768;

    /// <summary>Transformer layers (<c>encoder_layers</c>).</summary>
    public int EncoderLayers { get; init; } = 8;

    /// <summary>Attention heads (<c>encoder_attention_heads</c>); cannot be read from the weights.</summary>
    public int EncoderAttentionHeads { get; init; } = 12;

    /// <summary>Feed-forward width (<c>encoder_ffn_embed_dim</c>).</summary>
    public int EncoderFfnDim { get; init; } = 3072;

    /// <summary>Positional convolution kernel (<c>conv_pos</c>).</summary>
    public int ConvPosKernel { get; init; } = 128;

    /// <summary>Positional convolution groups (<c>conv_pos_groups</c>).</summary>
    public int ConvPosGroups { get; init; } = 16;

    /// <summary>Width of the shared ECG-text embedding space (<c>hidden_dim</c>).</summary>
    public int EmbeddingDim { get; init; } = 768;

    /// <summary>
    /// The feature-extractor convolutions, first to last (<c>conv_feature_layers</c>): <see cref="ConvLayers"/> copies of
    /// (<see cref="ConvChannels"/>, <see cref="ConvKernel"/>, <see cref="ConvStride"/>) unless set to a non-uniform list.
    /// </summary>
    internal IReadOnlyList<ConvLayerSpec> ConvFeatureLayers
    {
        get => _convFeatureLayers ?? Enumerable.Repeat(new ConvLayerSpec(_convChannels, _convKernel, _convStride), _convLayers).ToArray();
        init
        {
            ArgumentOutOfRangeException.ThrowIfZero(value.Count, nameof(ConvFeatureLayers));
            if (value.All(layer => layer == value[0]))
                (_convChannels, _convKernel, _convStride, _convLayers, _convFeatureLayers) = (value[0].Channels, value[0].Kernel, value[0].Stride, value.Count, null);
            else
                _convFeatureLayers = [.. value];
        }
    }

    private readonly IReadOnlyList<ConvLayerSpec>? _convFeatureLayers;

    /// <summary>LayerNorm and GroupNorm epsilon of the ECG encoder (PyTorch's default).</summary>
    public const float EcgNormEpsilon = 1e-5f;

    /// <summary>RMSNorm epsilon of the T5 encoder (<c>layer_norm_epsilon</c>).</summary>
    public const float TextNormEpsilon = 1e-6f;

    /// <summary>
    /// Time steps the ECG transformer sees for <paramref name="samples"/> input samples (before the class token):
    /// each convolution maps <c>n</c> to <c>floor((n - kernel) / stride) + 1</c>; 0 when the input is too short.
    /// </summary>
    public int EcgFrameCount(int samples)
    {
        long n = samples;
        foreach (var layer in ConvFeatureLayers)
        {
            if (n < layer.Kernel) return 0;
            n = (n - layer.Kernel) / layer.Stride + 1;
        }
        return (int)n;
    }

    // ---- Text encoder: Flan-T5-base (T5 v1.1) ----

    /// <summary>T5 model width (<c>d_model</c>).</summary>
    public int TextDim { get; init; } = 768;

    /// <summary>T5 encoder blocks.</summary>
    public int TextLayers { get; init; } = 12;

    /// <summary>T5 attention heads (the converter reads them from <c>relative_attention_bias</c>).</summary>
    public int TextHeads { get; init; } = 12;

    /// <summary>T5 gated feed-forward width (<c>d_ff</c>).</summary>
    public int TextFfnDim { get; init; } = 2048;

    /// <summary>T5 vocabulary rows in the embedding matrix.</summary>
    public int VocabSize { get; init; } = 32128;

    /// <summary>T5 relative position buckets (<c>relative_attention_num_buckets</c>).</summary>
    public int RelativeBuckets { get; init; } = 32;

    /// <summary>T5 relative position maximum distance (<c>relative_attention_max_distance</c>).</summary>
    public int RelativeMaxDistance { get; init; } = 128;

    /// <summary>Longest token sequence D-BETA feeds the text encoder.</summary>
    public int MaxTextTokens { get; init; } = 512;

    /// <summary>D-BETA's published configuration.</summary>
    public static DBetaConfig Default { get; } = new();

    /// <summary>
    /// A small configuration for fast tests and demos (random weights only): the same architecture at widths 32-64,
    /// two layers each, and T5's full 32128-token vocabulary so real tokenizer ids stay valid.
    /// </summary>
    public static DBetaConfig Tiny { get; } = new()
    {
        ConvChannels = 32,
        EncoderEmbedDim = 64,
        EncoderLayers = 2,
        EncoderAttentionHeads = 4,
        EncoderFfnDim = 128,
        ConvPosKernel = 16,
        ConvPosGroups = 4,
        EmbeddingDim = 32,
        TextDim = 64,
        TextLayers = 2,
        TextHeads = 4,
        TextFfnDim = 128,
    };

    /// <summary>
    /// Reads a D-BETA <c>config.json</c> (<c>{"model": {...}}</c> or the inner object itself): <c>encoder_layers</c>,
    /// <c>encoder_embed_dim</c>, <c>encoder_ffn_embed_dim</c>, <c>encoder_attention_heads</c>, <c>conv_feature_layers</c>
    /// (e.g. <c>"[(256, 2, 2)] * 4"</c>), <c>conv_pos</c>, <c>conv_pos_groups</c>, <c>hidden_dim</c>; other keys are
    /// ignored and missing ones keep <see cref="Default"/>'s values.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is not JSON or a known key has an unusable value.</exception>
    public static DBetaConfig Load(string path) => DBetaConfigFile.Read(path);
}

