using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Writes pickle opcodes by hand (protocol 2 and up), for crafted and hostile checkpoints, and packs records into a
/// <c>torch.save</c>-style zip archive.
/// </summary>
internal sealed class PickleBytes
{
    private readonly List<byte> _bytes = [];

    public PickleBytes Op(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public PickleBytes Op(char op) => Op((byte)op);

    public PickleBytes Op(char op, byte argument) => Op((byte)op, argument);

    public PickleBytes Proto(byte version = 2) => Op(0x80, version);

    public PickleBytes Global(string module, string name) => Op('c').Op(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public PickleBytes Str(string s)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(s);
        Op('X');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)utf8.Length);
        return Op(length.ToArray()).Op(utf8);
    }

    public PickleBytes Int(long value)
    {
        if (value is >= 0 and < 256) return Op('K', (byte)value);
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, (int)value);
            return Op('J').Op(b);
        }
        var l = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(l, value);
        return Op(0x8a, 8).Op(l); // LONG1 with 8 bytes
    }

    public PickleBytes IntTuple(IEnumerable<long> values)
    {
        Op('(');
        foreach (long v in values) Int(v);
        return Op('t');
    }

    /// <summary>A <c>torch._utils._rebuild_tensor_v2</c> call on a float32 storage.</summary>
    public PickleBytes Tensor(string key, long numel, long offset, long[] sizes, long[] strides, string storageClass = "FloatStorage")
    {
        Global("torch._utils", "_rebuild_tensor_v2");
        Op('(');
        Op('(').Str("storage").Global("torch", storageClass).Str(key).Str("cpu").Int(numel).Op('t').Op('Q');
        Int(offset).IntTuple(sizes).IntTuple(strides).Op(0x89); // requires_grad False
        Global("collections", "OrderedDict").Op(')').Op('R');
        return Op('t').Op('R');
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>Packs records (name, bytes) into a zip under <c>archive/</c>, stored or deflated.</summary>
    public static byte[] Archive(IEnumerable<(string Name, byte[] Bytes)> records, bool deflate = false)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in records)
            {
                var entry = zip.CreateEntry(name, deflate ? CompressionLevel.Fastest : CompressionLevel.NoCompression);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }
        return memory.ToArray();
    }

    /// <summary>The records of a zip archive, in order.</summary>
    public static List<(string Name, byte[] Bytes)> Records(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        var result = new List<(string, byte[])>();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            result.Add((entry.FullName, copy.ToArray()));
        }
        return result;
    }
}
