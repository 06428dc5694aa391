using System.Buffers.Binary;
using System.Text.Json;

namespace DBeta.MLNet;

/// <summary>
/// Reads a safetensors file: an 8-byte little-endian header length, a JSON header
/// <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}</c>, then the raw little-endian data.
/// Every claimed length and offset is checked against the file before anything is allocated.
/// </summary>
internal static class SafetensorsReader
{
    /// <summary>The <see cref="StateDict.Format"/> of files read here.</summary>
    public const string FormatName = "safetensors";

    /// <summary>Largest JSON header accepted (the safetensors format's own limit is 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private sealed record Entry(string Name, ElementType Type, int[] Shape, long Begin, long End);

    /// <summary>Reads every tensor of <paramref name="path"/>, converted to float32.</summary>
    /// <exception cref="ModelFormatException">The file is not a readable safetensors file; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static StateDict Read(string path)
    {
        using var file = Open(path);
        var (entries, dataStart) = ReadHeader(path, file);
        var tensors = new Dictionary<string, WeightTensor>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!entry.Type.IsSupported)
                throw new ModelFormatException(path, $"tensor '{entry.Name}' has element type {entry.Type.Name}, which has no float32 conversion");
            var bytes = new byte[entry.End - entry.Begin];
            file.Position = dataStart + entry.Begin;
            file.ReadExactly(bytes);
            var data = new float[bytes.Length / entry.Type.Size];
            entry.Type.Convert(bytes, data);
            tensors[entry.Name] = new WeightTensor(entry.Name, entry.Shape, data, entry.Type.Name);
        }
        return new StateDict(path, FormatName, tensors, []);
    }

    /// <summary>Lists the tensors of <paramref name="path"/> (names, shapes, dtypes) from its header alone.</summary>
    /// <exception cref="ModelFormatException">The file is not a readable safetensors file; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CheckpointSummary Describe(string path)
    {
        using var file = Open(path);
        var (entries, _) = ReadHeader(path, file);
        return new CheckpointSummary(path, FormatName, entries.Select(e => new TensorInfo(e.Name, e.Shape, e.Type.Name)).ToList(), []);
    }

    /// <summary>The <c>__metadata__</c> string pairs of <paramref name="path"/>'s header (empty when it has none).</summary>
    /// <exception cref="ModelFormatException">The file is not a readable safetensors file; the message says why.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var file = Open(path);
        using var header = ParseHeader(path, file, out _);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header.RootElement.TryGetProperty("__metadata__", out var meta))
        {
            if (meta.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(path, "safetensors __metadata__ is not an object");
            foreach (var p in meta.EnumerateObject())
                result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }
        return result;
    }

    private static FileStream Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file not found: {path}", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    private static JsonDocument ParseHeader(string path, FileStream file, out long dataStart)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (file.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
            throw new ModelFormatException(path, $"is {file.Length} bytes long, too short for a safetensors header");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(file.Length - 8))
            throw new ModelFormatException(path, $"safetensors header claims {headerLength} bytes, but only {file.Length - 8} follow (truncated?)");
        if (headerLength > MaxHeaderBytes)
            throw new ModelFormatException(path, $"safetensors header claims {headerLength} bytes, more than the {MaxHeaderBytes} allowed");
        var json = new byte[headerLength];
        file.ReadExactly(json);
        dataStart = 8 + (long)headerLength;
        // The JSON reader only checks UTF-8 inside strings when they are read; check it all up front.
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new ModelFormatException(path, "safetensors header is not valid UTF-8");
        try
        {
            var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new ModelFormatException(path, "safetensors header is not a JSON object");
            }
            return doc;
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"safetensors header is not valid JSON: {e.Message}", e);
        }
    }

    private static (List<Entry> Entries, long DataStart) ReadHeader(string path, FileStream file)
    {
        using var doc = ParseHeader(path, file, out long dataStart);
        long dataLength = file.Length - dataStart;
        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            string name = property.Name;
            if (name == "__metadata__") continue;
            if (!names.Add(name)) throw new ModelFormatException(path, $"safetensors header lists tensor '{name}' twice");
            var value = property.Value;
            if (value.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(path, $"safetensors tensor '{name}' is not described by an object");

            if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
                throw new ModelFormatException(path, $"safetensors tensor '{name}' has no dtype string");
            string code = dtypeElement.GetString()!;
            var type = ElementType.FromSafetensors(code)
                       ?? throw new ModelFormatException(path, $"safetensors tensor '{name}' has unknown dtype '{code}'");

            if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
                throw new ModelFormatException(path, $"safetensors tensor '{name}' has no shape array");
            if (shapeElement.GetArrayLength() > TensorLayout.MaxRank)
                throw new ModelFormatException(path, $"safetensors tensor '{name}' has more than {TensorLayout.MaxRank} dimensions");
            var shape = new List<int>();
            long count = 1;
            foreach (var d in shapeElement.EnumerateArray())
            {
                if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                    throw new ModelFormatException(path, $"safetensors tensor '{name}' has a dimension {d.GetRawText()} that is not a size");
                shape.Add(dim);
                count = count == 0 || dim == 0 ? 0 : (count > Array.MaxLength / dim ? long.MaxValue : count * dim);
            }
            if (count > Array.MaxLength)
                throw new ModelFormatException(path, $"safetensors tensor '{name}' has more elements than one array can hold");

            if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
                || offsets[0].ValueKind != JsonValueKind.Number || offsets[1].ValueKind != JsonValueKind.Number
                || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
                throw new ModelFormatException(path, $"safetensors tensor '{name}' has no data_offsets [begin, end]");
            if (begin < 0 || end < begin || end > dataLength)
                throw new ModelFormatException(path, $"safetensors tensor '{name}' spans bytes [{begin}, {end}) of a data section of {dataLength} bytes (truncated?)");
            if (end - begin != count * type.Size)
                throw new ModelFormatException(path, $"safetensors tensor '{name}' has {end - begin} bytes, but {code} [{string.Join(", ", shape)}] needs {count * type.Size}");
            entries.Add(new Entry(name, type, shape.ToArray(), begin, end));
        }
        return (entries, dataStart);
    }
}
