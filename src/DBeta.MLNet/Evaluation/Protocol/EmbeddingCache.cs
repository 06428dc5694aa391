using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DBeta.MLNet;

/// <summary>
/// Embeddings of the evaluation protocol, kept on disk so that a second run with other heads, fractions or seeds
/// opens no model. An entry is <c>&lt;key&gt;.npy</c> (float32 <c>[N, D]</c>) beside <c>&lt;key&gt;.json</c> (the ids
/// in row order and the key's parts, for people), both written to a temporary file and renamed; the key is the SHA-256
/// of every input that changes the numbers. An entry whose files disagree with their key is recomputed, never trusted.
/// </summary>
internal sealed class EmbeddingCache(string folder)
{
    /// <summary>The folder of the entries.</summary>
    public string Folder { get; } = folder;

    /// <summary>The default folder: <c>dbeta/embeddings</c> under <c>$XDG_CACHE_HOME</c>, else under <c>~/.cache</c>.</summary>
    public static string DefaultFolder()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "dbeta", "embeddings");
    }

    /// <summary>The key of <paramref name="parts"/> (name, value pairs in a fixed order): SHA-256 of their canonical JSON.</summary>
    public static string KeyOf(IReadOnlyList<KeyValuePair<string, string>> parts)
    {
        var json = JsonSerializer.Serialize(parts.Select(p => new[] { p.Key, p.Value }));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>SHA-256 of <paramref name="ids"/> in order, one per line.</summary>
    public static string IdsFingerprint(IReadOnlyList<string> ids)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string id in ids) hash.AppendData(Encoding.UTF8.GetBytes(id + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The identity of the records a dataset folder (or file) holds: the size and write time of every file under it,
    /// so that a record changed, added or removed in place gives another key.
    /// </summary>
    public static string FilesFingerprint(string path)
    {
        var files = File.Exists(path) ? [path]
            : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in files)
        {
            var info = new FileInfo(file);
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetRelativePath(path, file)}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The rows of <paramref name="ids"/> (row-major, <c>ids.Count x dimension</c>) under <paramref name="key"/>, or
    /// null when there is no sound entry. <paramref name="dimension"/> is read from the entry.
    /// </summary>
    public float[]? TryLoad(string key, IReadOnlyList<string> ids, out int dimension)
    {
        dimension = 0;
        string npy = Path.Combine(Folder, key + ".npy"), json = Path.Combine(Folder, key + ".json");
        if (!File.Exists(npy) || !File.Exists(json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
            var storedIds = doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToArray();
            if (!storedIds.SequenceEqual(ids, StringComparer.Ordinal)) return null;
            using var reader = NpyReader.Open(npy);
            if (reader.Shape.Count != 2 || reader.RowCount != ids.Count) return null;
            dimension = checked((int)reader.RowLength);
            var values = reader.ReadAll();
            return values.All(float.IsFinite) ? values : null;
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or EcgDataException or EmbeddingFileException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="values"/> (<c>ids.Count x dimension</c>) under <paramref name="key"/>, with <paramref name="parts"/> written beside for people.</summary>
    public void Store(string key, IReadOnlyList<KeyValuePair<string, string>> parts, IReadOnlyList<string> ids, float[] values, int dimension)
    {
        Directory.CreateDirectory(Folder);
        // The rows first, then the ids: an entry is only read when both exist and agree.
        NpyWriter.Write(Path.Combine(Folder, key + ".npy"), values, ids.Count, dimension);
        AtomicFile.Write(Path.Combine(Folder, key + ".json"), stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteStartObject("key");
            foreach (var (name, value) in parts) writer.WriteString(name, value);
            writer.WriteEndObject();
            writer.WriteStartArray("ids");
            foreach (string id in ids) writer.WriteStringValue(id);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
