using System.IO.Compression;
using System.Text;

namespace DBeta.MLNet;

/// <summary>
/// The zip archive <c>torch.save</c> writes (torch 1.6 and later): <c>&lt;root&gt;/data.pkl</c>, storages under
/// <c>&lt;root&gt;/data/&lt;key&gt;</c>, <c>&lt;root&gt;/byteorder</c>. Every record's claimed size is checked against the
/// file before a buffer is allocated, and zip failures become <see cref="ModelFormatException"/>.
/// </summary>
internal sealed class TorchArchive : IDisposable
{
    /// <summary>
    /// Largest <c>data.pkl</c> accepted: it holds structure only (weights are separate records), real ones are a few MB;
    /// the bound keeps the unpickled objects of a hostile one to a few hundred MB.
    /// </summary>
    public const long MaxPickleBytes = 128L << 20;

    /// <summary>Deflate cannot expand data by more than about 1032:1; a larger claim is a lie.</summary>
    private const long MaxInflationRatio = 1100;

    private readonly string _path;
    private readonly FileStream _file;
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    /// <summary>The folder every record lives in, with its trailing slash (often the file's stem, e.g. <c>archive/</c>).</summary>
    public string Prefix { get; }

    private TorchArchive(string path, FileStream file, ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries, string prefix)
    {
        _path = path;
        _file = file;
        _zip = zip;
        _entries = entries;
        Prefix = prefix;
    }

    /// <summary>Opens <paramref name="path"/> and finds its <c>data.pkl</c>.</summary>
    public static TorchArchive Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> magic = stackalloc byte[4];
            int got = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            if (got < 4 || magic[0] != (byte)'P' || magic[1] != (byte)'K')
            {
                if (got >= 2 && magic[0] == 0x80 && magic[1] <= 5)
                    throw new ModelFormatException(path, "is a legacy (before torch 1.6) torch.save file, which is not supported; " +
                                                         "re-save it with a newer torch (torch.save(torch.load(f), f2))");
                throw new ModelFormatException(path, "is not a zip archive, so not a torch.save checkpoint (torch 1.6 or later)");
            }
            file.Position = 0;
            ZipArchive zip;
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            try
            {
                zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
                foreach (var entry in zip.Entries)
                    if (!entries.TryAdd(entry.FullName, entry))
                        throw new ModelFormatException(path, $"zip archive holds the record '{entry.FullName}' twice");
            }
            catch (Exception e) when (IsZipFailure(e))
            {
                throw new ModelFormatException(path, $"is not a readable zip archive (truncated or corrupted?): {e.Message}", e);
            }

            var pickles = entries.Keys.Where(IsRootPickle).ToList();
            if (pickles.Count == 0)
                throw new ModelFormatException(path, "zip archive has no data.pkl record, so it is not a torch.save checkpoint");
            if (pickles.Count > 1)
                throw new ModelFormatException(path, $"zip archive has {pickles.Count} data.pkl records ({string.Join(", ", pickles)}); expected one");
            string prefix = pickles[0][..^"data.pkl".Length];
            if (entries.ContainsKey(prefix + "constants.pkl"))
                throw new ModelFormatException(path, "is a TorchScript archive (torch.jit.save), not a state dict; " +
                                                     "save one with torch.save(model.state_dict(), path)");
            var archive = new TorchArchive(path, file, zip, entries, prefix);
            archive.CheckByteOrder();
            return archive;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The archive file's length in bytes.</summary>
    public long FileLength => _file.Length;

    /// <summary>The bytes of <c>data.pkl</c>.</summary>
    public byte[] ReadPickle() => ReadRecord(Prefix + "data.pkl", MaxPickleBytes);

    /// <summary>The record name holding storage <paramref name="key"/>.</summary>
    public string StorageRecordName(string key) => Prefix + "data/" + key;

    /// <summary>The byte length of storage <paramref name="key"/>'s record, from the zip directory (nothing is read).</summary>
    public long StorageLength(string key) => Entry(StorageRecordName(key)).Length;

    /// <summary>The bytes of storage <paramref name="key"/>.</summary>
    public byte[] ReadStorage(string key) => ReadRecord(StorageRecordName(key), Array.MaxLength);

    private ZipArchiveEntry Entry(string name) =>
        _entries.TryGetValue(name, out var entry)
            ? entry
            : throw new ModelFormatException(_path, $"zip archive has no record '{name}'");

    private byte[] ReadRecord(string name, long maxBytes)
    {
        var entry = Entry(name);
        long length = entry.Length, compressed = entry.CompressedLength;
        if (length < 0 || compressed < 0)
            throw new ModelFormatException(_path, $"record '{name}' has a negative size in the zip directory");
        if (length > maxBytes)
            throw new ModelFormatException(_path, $"record '{name}' claims {length} bytes, more than the {maxBytes} supported");
        if (compressed > _file.Length)
            throw new ModelFormatException(_path, $"record '{name}' claims {compressed} stored bytes, but the file has only {_file.Length} (truncated?)");
        if (length > compressed * MaxInflationRatio + 1024)
            throw new ModelFormatException(_path, $"record '{name}' claims {compressed} bytes inflate to {length}, beyond what deflate can do");
        var buffer = new byte[length];
        try
        {
            using var stream = entry.Open();
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read < buffer.Length)
                throw new ModelFormatException(_path, $"record '{name}' ends after {read} of its {length} bytes (truncated?)");
            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) != 0)
                throw new ModelFormatException(_path, $"record '{name}' holds more than the {length} bytes its zip directory claims");
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            throw new ModelFormatException(_path, $"record '{name}' cannot be read (truncated or corrupted?): {e.Message}", e);
        }
        return buffer;
    }

    private void CheckByteOrder()
    {
        if (!_entries.ContainsKey(Prefix + "byteorder")) return; // archives before torch 1.10 have none and are little-endian
        string order = Encoding.ASCII.GetString(ReadRecord(Prefix + "byteorder", 64)).Trim();
        if (order != "little")
            throw new ModelFormatException(_path, $"byteorder is '{order}'; only little-endian checkpoints are supported");
    }

    private static bool IsRootPickle(string name) =>
        name == "data.pkl" || (name.EndsWith("/data.pkl", StringComparison.Ordinal) && name.IndexOf('/') == name.Length - "/data.pkl".Length);

    // The zip reader reports damage with several exception types; all of them mean a bad file here.
    private static bool IsZipFailure(Exception e) =>
        e is InvalidDataException or IOException or ArgumentException or NotSupportedException or OverflowException or IndexOutOfRangeException
        && e is not FileNotFoundException;

    /// <inheritdoc/>
    public void Dispose()
    {
        _zip.Dispose();
        _file.Dispose();
    }
}
