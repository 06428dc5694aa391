using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;

namespace DBeta.MLNet;

/// <summary>
/// Turns D-BETA weights (a checkpoint read into a <see cref="StateDict"/>, or <see cref="DBetaModels.CreateRandom"/>)
/// into the two ONNX encoders, <see cref="EcgFileName"/> and <see cref="TextFileName"/>. Each file is written
/// atomically and loaded in ONNX Runtime, with one small input run through it, before the call returns.
/// </summary>
public static class DBetaConverter
{
    /// <summary>File name of the ECG encoder in an output folder.</summary>
    public const string EcgFileName = "dbeta-ecg.onnx";

    /// <summary>File name of the int8 ECG encoder (<see cref="EcgModelPrecision.Int8"/>) in an output folder.</summary>
    public const string EcgInt8FileName = "dbeta-ecg-int8.onnx";

    /// <summary>
    /// File name of the ECG encoder in standard ONNX operators only (<see cref="EcgGraphOperators.Standard"/>) in an
    /// output folder: runs in any ONNX runtime.
    /// </summary>
    public const string EcgStandardFileName = "dbeta-ecg-standard.onnx";

    /// <summary>File name of the text encoder in an output folder.</summary>
    public const string TextFileName = "dbeta-text.onnx";

    /// <summary>
    /// Writes <c>outputFolder/dbeta-ecg.onnx</c> and <c>outputFolder/dbeta-text.onnx</c>.
    /// </summary>
    /// <param name="weights">The checkpoint's tensors; keys outside D-BETA's encoders are ignored.</param>
    /// <param name="config">
    /// D-BETA's <c>config.json</c> values (<see cref="DBetaConfig.Load"/>): supplies the ECG head count and conv strides,
    /// and is checked against the tensor shapes. <c>null</c>: D-BETA's defaults for what shapes cannot tell, no checks.
    /// </param>
    /// <param name="outputFolder">Created if missing; existing model files are replaced.</param>
    /// <exception cref="ModelFormatException">A tensor is missing or has the wrong shape (the message names the file, the key, the expected and the actual shape), or the config disagrees with the weights.</exception>
    internal static DBetaConversionSummary Convert(StateDict weights, DBetaConfig? config, string outputFolder) =>
        Convert(weights, config, outputFolder, new DBetaConversionOptions());

    /// <summary>
    /// As <see cref="Convert(StateDict, DBetaConfig?, string)"/>, with the extra ECG models <paramref name="options"/> asks
    /// for: <c>dbeta-ecg-int8.onnx</c> and <c>dbeta-ecg-standard.onnx</c>.
    /// </summary>
    /// <exception cref="ModelFormatException">A tensor is missing or has the wrong shape, or the config disagrees with the weights.</exception>
    internal static DBetaConversionSummary Convert(StateDict weights, DBetaConfig? config, string outputFolder, DBetaConversionOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        var tensors = new CheckpointTensors(weights);
        var source = SourceInfo.Of(weights);
        // Read and check both sides before writing anything.
        var ecg = EcgEncoderWeights.Read(tensors, config ?? DBetaConfig.Default, config is not null);
        var text = TextEncoderWeights.Read(tensors, config ?? DBetaConfig.Default);
        string dtype = tensors.SourceDType;

        var ecgSummary = WriteEcg(ecg, Path.Combine(outputFolder, EcgFileName), source, dtype, EcgModelPrecision.Float32, EcgGraphOperators.OnnxRuntime);
        var ecgInt8Summary = options.Int8Ecg
            ? WriteEcg(ecg, Path.Combine(outputFolder, EcgInt8FileName), source, dtype, EcgModelPrecision.Int8, EcgGraphOperators.OnnxRuntime) : null;
        var ecgStandardSummary = options.StandardOperatorsEcg
            ? WriteEcg(ecg, Path.Combine(outputFolder, EcgStandardFileName), source, dtype, EcgModelPrecision.Float32, EcgGraphOperators.Standard) : null;
        var textSummary = WriteText(text, Path.Combine(outputFolder, TextFileName), source, dtype);
        return new DBetaConversionSummary
        {
            Source = weights.SourcePath,
            Format = weights.Format,
            SourceDType = dtype,
            TensorCount = weights.Tensors.Count,
            IgnoredTensorKeys = weights.Tensors.Keys.Where(k => !tensors.UsedKeys.Contains(k)).Order(StringComparer.Ordinal).ToArray(),
            NonTensorEntryCount = weights.SkippedKeys.Count,
            Ecg = ecgSummary,
            EcgInt8 = ecgInt8Summary,
            EcgStandard = ecgStandardSummary,
            Text = textSummary,
        };
    }

    /// <summary>
    /// Reads <paramref name="checkpointPath"/> (PyTorch <c>.pt</c> or <c>.safetensors</c>, nothing in it is executed) and
    /// the optional D-BETA <c>config.json</c>, then writes both models as <see cref="Convert(StateDict, DBetaConfig?, string)"/> does.
    /// </summary>
    /// <exception cref="ModelFormatException">The checkpoint or config cannot be read, or the weights do not fit D-BETA's layout.</exception>
    /// <exception cref="FileNotFoundException">The checkpoint or config does not exist.</exception>
    public static DBetaConversionSummary Convert(string checkpointPath, string? configPath, string outputFolder) =>
        Convert(checkpointPath, configPath, outputFolder, new DBetaConversionOptions());

    /// <summary>
    /// As <see cref="Convert(string, string?, string)"/>, with the extra ECG models <paramref name="options"/> asks for.
    /// </summary>
    /// <exception cref="ModelFormatException">The checkpoint or config cannot be read, or the weights do not fit D-BETA's layout.</exception>
    /// <exception cref="FileNotFoundException">The checkpoint or config does not exist.</exception>
    public static DBetaConversionSummary Convert(string checkpointPath, string? configPath, string outputFolder, DBetaConversionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = configPath is null ? null : DBetaConfig.Load(configPath);
        return Convert(CheckpointReader.Read(checkpointPath), config, outputFolder, options);
    }

    /// <summary>Writes only the ECG encoder to <paramref name="path"/>; see <see cref="Convert(StateDict, DBetaConfig?, string)"/>.</summary>
    /// <exception cref="ModelFormatException">A tensor is missing or has the wrong shape, or the config disagrees with the weights.</exception>
    internal static DBetaModelSummary WriteEcgModel(StateDict weights, DBetaConfig? config, string path) =>
        WriteEcgModel(weights, config, path, EcgModelPrecision.Float32);

    /// <summary>Writes only the ECG encoder to <paramref name="path"/>, float32 or with int8 transformer weights.</summary>
    /// <exception cref="ModelFormatException">A tensor is missing or has the wrong shape, or the config disagrees with the weights.</exception>
    internal static DBetaModelSummary WriteEcgModel(StateDict weights, DBetaConfig? config, string path, EcgModelPrecision precision) =>
        WriteEcgModel(weights, config, path, precision, EcgGraphOperators.OnnxRuntime);

    /// <summary>
    /// Writes only the ECG encoder to <paramref name="path"/>, float32 or int8, with ONNX Runtime's fused operators or
    /// standard ONNX operators only (<see cref="EcgGraphOperators.Standard"/>, float32 only).
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="EcgGraphOperators.Standard"/> with <see cref="EcgModelPrecision.Int8"/>: the int8 graph needs ONNX Runtime's contrib operators.</exception>
    /// <exception cref="ModelFormatException">A tensor is missing or has the wrong shape, or the config disagrees with the weights.</exception>
    internal static DBetaModelSummary WriteEcgModel(StateDict weights, DBetaConfig? config, string path, EcgModelPrecision precision, EcgGraphOperators operators)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision");
        if (!Enum.IsDefined(operators)) throw new ArgumentOutOfRangeException(nameof(operators), operators, "unknown operator set");
        if (precision == EcgModelPrecision.Int8 && operators == EcgGraphOperators.Standard)
            throw new ArgumentException("the int8 ECG model needs ONNX Runtime's contrib operators (QAttention, DynamicQuantizeMatMul); standard operators are float32 only", nameof(operators));
        var tensors = new CheckpointTensors(weights);
        var ecg = EcgEncoderWeights.Read(tensors, config ?? DBetaConfig.Default, config is not null);
        return WriteEcg(ecg, path, SourceInfo.Of(weights), tensors.SourceDType, precision, operators);
    }

    /// <summary>Writes only the text encoder to <paramref name="path"/>; see <see cref="Convert(StateDict, DBetaConfig?, string)"/>.</summary>
    /// <exception cref="ModelFormatException">A tensor is missing or has the wrong shape.</exception>
    internal static DBetaModelSummary WriteTextModel(StateDict weights, DBetaConfig? config, string path)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var tensors = new CheckpointTensors(weights);
        var text = TextEncoderWeights.Read(tensors, config ?? DBetaConfig.Default);
        return WriteText(text, path, SourceInfo.Of(weights), tensors.SourceDType);
    }

    private static DBetaModelSummary WriteEcg(EcgEncoderWeights w, string path, SourceInfo source, string dtype, EcgModelPrecision precision, EcgGraphOperators operators)
    {
        var graph = source.Build(() => DBetaEcgGraph.Build(w, precision, operators));
        var metadata = source.Metadata(DBetaEcgGraph.Kind, w.EmbeddingDim, dtype);
        metadata["dbeta.layers"] = I(w.Layers.Count);
        metadata["dbeta.heads"] = I(w.Heads);
        metadata["dbeta.sample_rate"] = I(DBetaConfig.SampleRate);
        metadata["dbeta.sample_count"] = I(DBetaConfig.SampleCount);
        metadata["dbeta.precision"] = precision == EcgModelPrecision.Int8 ? DBetaEcgGraph.Int8Precision : "float32";
        metadata["dbeta.operators"] = operators == EcgGraphOperators.Standard ? DBetaEcgGraph.StandardOperators : DBetaEcgGraph.OnnxRuntimeOperators;
        var summary = new DBetaModelSummary
        {
            Kind = DBetaEcgGraph.Kind,
            Path = Path.GetFullPath(path),
            FileBytes = 0,
            Layers = w.Layers.Count,
            Width = w.Width,
            Heads = w.Heads,
            FfnDim = w.FfnDim,
            EmbeddingDim = w.EmbeddingDim,
            ParameterCount = graph.ParameterCount,
        };
        string doc = "D-BETA ECG encoder: ecg [batch, 12, time] (500 Hz, 5000 samples) -> embedding [batch, dim]";
        if (precision == EcgModelPrecision.Int8) doc += "; transformer weights int8 per output channel, activations quantised at run time";
        if (operators == EcgGraphOperators.Standard) doc += "; standard ONNX opset-17 operators only";
        return Write(graph, summary, metadata, doc);
    }

    private static DBetaModelSummary WriteText(TextEncoderWeights w, string path, SourceInfo source, string dtype)
    {
        var graph = source.Build(() => DBetaTextGraph.Build(w));
        var metadata = source.Metadata(DBetaTextGraph.Kind, w.EmbeddingDim, dtype);
        metadata["dbeta.layers"] = I(w.Blocks.Count);
        metadata["dbeta.heads"] = I(w.Heads);
        metadata["dbeta.vocab_size"] = I(w.VocabSize);
        metadata["dbeta.max_tokens"] = I(DBetaConfig.Default.MaxTextTokens);
        var summary = new DBetaModelSummary
        {
            Kind = DBetaTextGraph.Kind,
            Path = Path.GetFullPath(path),
            FileBytes = 0,
            Layers = w.Blocks.Count,
            Width = w.Width,
            Heads = w.Heads,
            FfnDim = w.FfnDim,
            EmbeddingDim = w.EmbeddingDim,
            ParameterCount = graph.ParameterCount,
            VocabSize = w.VocabSize,
        };
        return Write(graph, summary, metadata, "D-BETA text encoder (Flan-T5): input_ids, attention_mask [batch, sequence] -> embedding [batch, dim]");
    }

    private static DBetaModelSummary Write(OnnxGraphBuilder graph, DBetaModelSummary summary, Dictionary<string, string> metadata, string doc)
    {
        var model = graph.ToModel(SourceInfo.ConverterVersion, doc, metadata);
        long bytes = 0;
        // Checked under its temporary name: a model that fails the check never replaces the file already there.
        AtomicFile.WriteVia(summary.Path, temp =>
        {
            bytes = OnnxModelFile.Write(model, temp);
            try
            {
                OnnxModelCheck.Verify(temp, summary.Kind, summary.EmbeddingDim);
            }
            catch (ModelFormatException e)
            {
                throw new ModelFormatException(summary.Path, e.Problem, e);
            }
        });
        return summary with { FileBytes = bytes };
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Where the weights came from, recorded in each model's metadata.</summary>
    private sealed record SourceInfo(string SourcePath, string Name, string? Sha256)
    {
        public static string ConverterVersion { get; } =
            typeof(DBetaConverter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

        public static SourceInfo Of(StateDict weights)
        {
            if (!File.Exists(weights.SourcePath)) return new SourceInfo(weights.SourcePath, weights.SourcePath, null);
            using var stream = File.OpenRead(weights.SourcePath);
            return new SourceInfo(weights.SourcePath, Path.GetFileName(weights.SourcePath), System.Convert.ToHexStringLower(SHA256.HashData(stream)));
        }

        /// <summary>Builds a graph, reporting one too large for an ONNX file against the checkpoint.</summary>
        public OnnxGraphBuilder Build(Func<OnnxGraphBuilder> build)
        {
            try
            {
                return build();
            }
            catch (ModelSizeException e)
            {
                throw new ModelFormatException(SourcePath, e.Message + "; this checkpoint is larger than the D-BETA models the converter supports", e);
            }
        }

        public Dictionary<string, string> Metadata(string kind, int embeddingDim, string dtype)
        {
            var metadata = new Dictionary<string, string>
            {
                ["dbeta.kind"] = kind,
                ["dbeta.embedding_dim"] = I(embeddingDim),
                ["dbeta.source"] = Name,
                ["dbeta.source_dtype"] = dtype,
                ["dbeta.converter"] = "DBeta.MLNet " + ConverterVersion,
            };
            if (Sha256 is not null) metadata["dbeta.source_sha256"] = Sha256;
            return metadata;
        }
    }
}
