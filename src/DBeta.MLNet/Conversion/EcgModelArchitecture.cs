using DBeta.MLNet.Onnx.Proto;

namespace DBeta.MLNet;

/// <summary>
/// The architecture of an ECG encoder written by <see cref="DBetaConverter"/>, read back from the model file's graph
/// (initializer shapes, convolution strides, head count) without loading its weights.
/// </summary>
internal sealed record EcgModelArchitecture
{
    /// <summary>The encoder's sizes; the text-side properties keep their defaults.</summary>
    public required DBetaConfig Config { get; init; }

    /// <summary>float32 or int8 transformer weights (<c>dbeta.precision</c> metadata; float32 when absent).</summary>
    public required EcgModelPrecision Precision { get; init; }

    /// <summary>
    /// ONNX Runtime's fused operators or standard ONNX operators only (<c>dbeta.operators</c> metadata; ONNX Runtime's when absent).
    /// </summary>
    public EcgGraphOperators Operators { get; init; }

    /// <summary>Reads the architecture of <paramref name="modelPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not an ECG encoder written by the converter.</exception>
    public static EcgModelArchitecture Read(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"{modelPath}: ONNX model not found", modelPath);
        var model = OnnxGraphScan.Read(modelPath).Outline();
        var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (metadata.GetValueOrDefault("dbeta.kind") is { } kind && kind != DBetaEcgGraph.Kind)
            throw new ModelFormatException(modelPath, $"dbeta.kind is '{kind}', expected an ECG encoder ('{DBetaEcgGraph.Kind}')");
        var graph = model.Graph ?? throw new ModelFormatException(modelPath, "the model has no graph");
        var shapes = graph.Initializer.ToDictionary(t => t.Name, t => t.Dims.ToArray(), StringComparer.Ordinal);
        var nodes = graph.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);

        long[] Shape(string name, int rank, params string[] alternatives)
        {
            foreach (string candidate in alternatives.Prepend(name))
                if (shapes.TryGetValue(candidate, out var dims))
                    return dims.Length == rank ? dims
                        : throw new ModelFormatException(modelPath, $"initializer '{candidate}' has rank {dims.Length}, expected {rank}");
            throw new ModelFormatException(modelPath, $"no initializer '{name}': not an ECG encoder written by DBeta.MLNet's converter");
        }

        long Attribute(string node, string attribute, long fallback)
        {
            if (!nodes.TryGetValue(node, out var n)) throw new ModelFormatException(modelPath, $"no node '{node}': not an ECG encoder written by DBeta.MLNet's converter");
            var a = n.Attribute.FirstOrDefault(x => x.Name == attribute);
            return a is null ? fallback : a.Type == AttributeProto.Types.AttributeType.Ints ? a.Ints[0] : a.I;
        }

        var convs = new List<ConvLayerSpec>();
        for (int i = 0; shapes.ContainsKey($"conv{i}.weight"); i++)
        {
            var w = Shape($"conv{i}.weight", 3);
            convs.Add(new ConvLayerSpec((int)w[0], (int)w[2], (int)Attribute($"conv{i}", "strides", 1)));
        }
        if (convs.Count == 0) Shape("conv0.weight", 3); // throws: no feature extractor

        int layers = 0;
        while (shapes.ContainsKey($"layers.{layers}.attn.qkv.bias") || shapes.ContainsKey($"layers.{layers}.attn.q.bias")) layers++;
        // Fused: packed [width, 3 width]; standard operators: Q alone, [width, width].
        var qkv = Shape("layers.0.attn.qkv.weight", 2, "layers.0.attn.qkv.weight_int8", "layers.0.attn.q.weight");
        var fc1 = Shape("layers.0.fc1.weight", 2, "layers.0.fc1.weight_int8");
        var pos = Shape("pos_conv.weight", 3, "pos_conv.weight_uint8");
        var proj = Shape("ecg_proj.weight", 2);
        int width = (int)qkv[0];
        // Standard-operator attention has no num_heads attribute: the converter's dbeta.heads metadata says it.
        int heads = nodes.ContainsKey("layers.0.attn") ? (int)Attribute("layers.0.attn", "num_heads", 0)
            : int.TryParse(metadata.GetValueOrDefault("dbeta.heads"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int h) ? h : 0;
        if (heads <= 0 || width % heads != 0 || pos[1] <= 0 || width % pos[1] != 0)
            throw new ModelFormatException(modelPath, $"inconsistent attention ({heads} heads) or positional convolution shape for width {width}");

        return new EcgModelArchitecture
        {
            Config = new DBetaConfig
            {
                ConvFeatureLayers = convs,
                EncoderEmbedDim = width,
                EncoderLayers = layers,
                EncoderAttentionHeads = heads,
                EncoderFfnDim = (int)fc1[1],
                ConvPosKernel = (int)pos[2],
                ConvPosGroups = (int)(width / pos[1]),
                EmbeddingDim = (int)proj[1],
            },
            Precision = metadata.GetValueOrDefault("dbeta.precision") == DBetaEcgGraph.Int8Precision ? EcgModelPrecision.Int8 : EcgModelPrecision.Float32,
            Operators = metadata.GetValueOrDefault("dbeta.operators") == DBetaEcgGraph.StandardOperators ? EcgGraphOperators.Standard : EcgGraphOperators.OnnxRuntime,
        };
    }
}
