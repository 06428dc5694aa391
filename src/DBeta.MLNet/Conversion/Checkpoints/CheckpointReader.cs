using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace DBeta.MLNet;

/// <summary>
/// Reads a checkpoint in whichever format it is, told apart by content rather than extension: a zip archive is a
/// PyTorch checkpoint (<see cref="TorchCheckpointReader"/>), an 8-byte length followed by a JSON object is safetensors
/// (<see cref="SafetensorsReader"/>).
/// </summary>
internal static class CheckpointReader
{
    /// <summary>Reads every state-dict tensor of <paramref name="path"/>, converted to float32.</summary>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static StateDict Read(string path) =>
        IsSafetensors(path) ? SafetensorsReader.Read(path) : TorchCheckpointReader.Read(path);

    /// <summary>Lists the state-dict tensors of <paramref name="path"/> (names, shapes, dtypes) without reading their values.</summary>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CheckpointSummary Describe(string path) =>
        IsSafetensors(path) ? SafetensorsReader.Describe(path) : TorchCheckpointReader.Describe(path);

    /// <summary>
    /// What the checkpoint holds besides its tensors, as JSON: a PyTorch checkpoint's other top-level entries
    /// (<see cref="TorchCheckpointReader.ReadMetadata"/>) or a safetensors header's <c>__metadata__</c> strings.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static JsonObject ReadMetadata(string path)
    {
        if (!IsSafetensors(path)) return TorchCheckpointReader.ReadMetadata(path);
        var result = new JsonObject();
        foreach (var (key, value) in SafetensorsReader.ReadMetadata(path)) result[key] = value;
        return result;
    }

    /// <summary>The format <paramref name="path"/>'s content shows: <c>pytorch-zip</c> or <c>safetensors</c>.</summary>
    /// <exception cref="ModelFormatException">The file is neither.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string DetectFormat(string path)
    {
        if (IsSafetensors(path)) return SafetensorsReader.FormatName;
        Span<byte> head = stackalloc byte[2];
        using (var file = File.OpenRead(path))
            if (file.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == (byte)'P' && head[1] == (byte)'K')
                return TorchCheckpointReader.FormatName;
        throw new ModelFormatException(path, "is neither a PyTorch checkpoint (zip archive) nor a safetensors file");
    }

    private static bool IsSafetensors(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[9];
        if (file.ReadAtLeast(head, 9, throwOnEndOfStream: false) < 9) return false;
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
        return head[8] == (byte)'{' && headerLength >= 2 && headerLength <= (ulong)(file.Length - 8);
    }
}
