
namespace DBeta.MLNet;

/// <summary>
/// Floating-point operations of one pass of the D-BETA ECG encoder: 2 per multiply-add of its convolutions, linear
/// layers and attention products (norms, activations and softmax, well under 1%, are not counted). D-BETA's size on
/// 12 x 5000 samples: about 41.5 GFLOP.
/// </summary>
internal static class EcgEncoderFlops
{
    /// <summary>FLOPs to embed one ECG of <paramref name="sampleCount"/> samples per lead with an encoder of <paramref name="config"/>'s sizes.</summary>
    /// <exception cref="ArgumentException">The input is too short for the feature extractor.</exception>
    public static long Count(DBetaConfig config, int sampleCount = DBetaConfig.SampleCount)
    {
        ArgumentNullException.ThrowIfNull(config);
        long flops = 0, length = sampleCount, channels = DBetaConfig.LeadCount;
        foreach (var conv in config.ConvFeatureLayers)
        {
            if (length < conv.Kernel) throw new ArgumentException($"{sampleCount} samples are too few for the feature extractor", nameof(sampleCount));
            length = (length - conv.Kernel) / conv.Stride + 1;
            flops += 2 * conv.Channels * channels * conv.Kernel * length;
            channels = conv.Channels;
        }
        long frames = length, width = config.EncoderEmbedDim, tokens = frames + 1;
        flops += 2 * channels * width * frames; // post-extract projection
        // Positional convolution: "same" padding of k/2 on both sides computes frames + 1 outputs for an even kernel (the last is dropped).
        long k = config.ConvPosKernel;
        long positions = frames + 2 * (k / 2) - k + 1;
        flops += 2 * width * (width / config.ConvPosGroups) * k * positions;
        long perLayer = 2 * tokens * width * 3 * width  // Q, K, V projections
            + 2 * 2 * tokens * tokens * width           // scores and weighted values
            + 2 * tokens * width * width                // output projection
            + 2 * 2 * tokens * width * config.EncoderFfnDim; // feed-forward
        flops += config.EncoderLayers * perLayer;
        flops += 2 * width * config.EmbeddingDim + 2 * config.EmbeddingDim * config.EmbeddingDim; // class-token projection and pooler
        return flops;
    }

    /// <summary>FLOPs per ECG of the encoder in <paramref name="modelPath"/>, its sizes read from the graph (<see cref="EcgModelArchitecture"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not an ECG encoder written by the converter.</exception>
    public static long Count(string modelPath, int sampleCount = DBetaConfig.SampleCount) =>
        Count(EcgModelArchitecture.Read(modelPath).Config, sampleCount);
}
