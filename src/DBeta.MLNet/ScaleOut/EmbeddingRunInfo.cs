using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

namespace DBeta.MLNet;

/// <summary>
/// What decides an embedding besides the ECG: the model (SHA-256 of the ONNX file, and of the checkpoint it was
/// converted from when the converter recorded it), the preprocessing, the library version and the input list. Every
/// part, checkpoint segment and merged file records it, and parts are merged or resumed only when it agrees.
/// </summary>
internal sealed record EmbeddingRunInfo
{
    internal const string ModelSha256Key = "dbeta.model_sha256";
    internal const string CheckpointSha256Key = "dbeta.checkpoint_sha256";
    internal const string PreprocessingKey = "dbeta.preprocessing";
    internal const string LibraryVersionKey = "dbeta.library_version";
    internal const string InputsKey = "dbeta.inputs";
    internal const string InputsSha256Key = "dbeta.inputs_sha256";

    /// <summary>SHA-256 (hex) of the ONNX encoder file.</summary>
    public required string ModelSha256 { get; init; }

    /// <summary>SHA-256 of the checkpoint the model was converted from (its <c>dbeta.source_sha256</c> metadata), or <c>null</c> (random weights).</summary>
    public string? CheckpointSha256 { get; init; }

    /// <summary>Width of each embedding.</summary>
    public required int EmbeddingDim { get; init; }

    /// <summary>The preprocessing settings as canonical JSON (see <see cref="DescribePreprocessing"/>).</summary>
    public required string Preprocessing { get; init; }

    /// <summary>DBeta.MLNet's informational version.</summary>
    public string LibraryVersion { get; init; } = CurrentLibraryVersion;

    /// <summary>The inputs, in order, with their record counts.</summary>
    public required IReadOnlyList<EcgInput> Inputs { get; init; }

    /// <summary>SHA-256 of the input list (<see cref="EcgInputSet.Fingerprint"/>).</summary>
    public string InputsSha256 => EcgInputSet.FingerprintOf(Inputs);

    /// <summary>Records in all inputs.</summary>
    public int RecordCount => Inputs.Count == 0 ? 0 : Inputs[^1].FirstRecord + Inputs[^1].RecordCount;

    /// <summary>This library's informational version (e.g. <c>0.1.0+commit</c>).</summary>
    public static string CurrentLibraryVersion { get; } =
        typeof(EmbeddingRunInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    /// <summary>SHA-256 (hex) of a file, read in one streaming pass.</summary>
    public static string Sha256OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Canonical JSON of the preprocessing <paramref name="steps"/> (a resampling and a crop-or-pad, optionally a
    /// standardisation, a filter and a reduced lead set), read from the transformers that run. The filter and lead-set keys
    /// appear only when those steps run, so runs without them describe themselves as before.
    /// </summary>
    public static string DescribePreprocessing(IReadOnlyList<EcgSignalTransformer> steps)
    {
        var resample = steps.OfType<EcgResamplingTransformer>().Single();
        var fit = steps.OfType<EcgLengthFittingTransformer>().Single();
        bool standardize = steps.OfType<EcgLeadStandardizingTransformer>().Any();
        string filter = steps.OfType<EcgFilteringTransformer>().SingleOrDefault() is { } f
            ? string.Create(CultureInfo.InvariantCulture, $",\"filter\":\"{f.Kind}\",\"highpass_hz\":{f.HighPassCutoff:R},\"powerline_hz\":{f.PowerlineFrequency:R}")
            : "";
        string leads = steps.OfType<EcgLeadKeepingTransformer>().SingleOrDefault() is { } k ? $",\"leads\":{(int)k.LeadSet}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"source_rate\":{resample.SourceRate:R},\"target_rate\":{resample.TargetRate:R},\"target_length\":{fit.TargetLength},\"anchor\":\"{fit.Anchor}\",\"standardize\":{(standardize ? "true" : "false")}{filter}{leads}}}");
    }

    /// <summary>The first difference from <paramref name="other"/> in words (e.g. <c>model SHA-256 ab12… vs cd34…</c>), or <c>null</c> when they agree.</summary>
    public string? DifferenceFrom(EmbeddingRunInfo other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ModelSha256 != other.ModelSha256) return $"model SHA-256 {ModelSha256} vs {other.ModelSha256}";
        if (CheckpointSha256 != other.CheckpointSha256) return $"checkpoint SHA-256 {CheckpointSha256 ?? "none"} vs {other.CheckpointSha256 ?? "none"}";
        if (EmbeddingDim != other.EmbeddingDim) return $"embedding width {EmbeddingDim} vs {other.EmbeddingDim}";
        if (Preprocessing != other.Preprocessing) return $"preprocessing {Preprocessing} vs {other.Preprocessing}";
        if (LibraryVersion != other.LibraryVersion) return $"DBeta.MLNet version {LibraryVersion} vs {other.LibraryVersion}";
        if (InputsSha256 != other.InputsSha256)
        {
            string Describe(EmbeddingRunInfo r) => $"{r.Inputs.Count} inputs, {r.RecordCount} records";
            return $"input list {Describe(this)} (SHA-256 {InputsSha256[..12]}) vs {Describe(other)} (SHA-256 {other.InputsSha256[..12]})";
        }
        return null;
    }

    /// <summary>The Parquet key-value metadata that records this run.</summary>
    internal Dictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>
        {
            [ModelSha256Key] = ModelSha256,
            [PreprocessingKey] = Preprocessing,
            [LibraryVersionKey] = LibraryVersion,
            [InputsKey] = JsonSerializer.Serialize(Inputs.Select(i => new InputEntry(i.Path, i.RecordCount)).ToArray(), PartJson.Options),
            [InputsSha256Key] = InputsSha256,
        };
        if (CheckpointSha256 is not null) metadata[CheckpointSha256Key] = CheckpointSha256;
        return metadata;
    }

    /// <summary>Reads the run back from a file's metadata.</summary>
    /// <exception cref="EmbeddingFileException">A key is missing or unreadable.</exception>
    internal static EmbeddingRunInfo FromMetadata(string path, IReadOnlyDictionary<string, string> metadata, int embeddingDim)
    {
        string Get(string key) => metadata.TryGetValue(key, out string? value) ? value
            : throw new EmbeddingFileException(path, $"has no '{key}' metadata; it was not written by DBeta.MLNet's sharded embedding");
        InputEntry[] entries;
        try
        {
            entries = JsonSerializer.Deserialize<InputEntry[]>(Get(InputsKey), PartJson.Options) ?? [];
        }
        catch (JsonException e)
        {
            throw new EmbeddingFileException(path, $"metadata '{InputsKey}' is not a JSON list of inputs ({e.Message})", e);
        }
        var info = new EmbeddingRunInfo
        {
            ModelSha256 = Get(ModelSha256Key),
            CheckpointSha256 = metadata.TryGetValue(CheckpointSha256Key, out string? checkpoint) ? checkpoint : null,
            EmbeddingDim = embeddingDim,
            Preprocessing = Get(PreprocessingKey),
            LibraryVersion = Get(LibraryVersionKey),
            Inputs = FromEntries(entries),
        };
        if (info.InputsSha256 != Get(InputsSha256Key))
            throw new EmbeddingFileException(path, $"metadata '{InputsSha256Key}' does not match its input list");
        return info;
    }

    internal static EcgInput[] FromEntries(IReadOnlyList<InputEntry> entries)
    {
        var inputs = new EcgInput[entries.Count];
        int first = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            inputs[i] = new EcgInput(entries[i].Path, entries[i].Records, first);
            first += entries[i].Records;
        }
        return inputs;
    }

    /// <summary>One input as JSON: <c>{"path": ..., "records": ...}</c>.</summary>
    internal sealed record InputEntry(string Path, int Records);
}
