using System.Runtime.InteropServices;

namespace DBeta.MLNet;

/// <summary>
/// Writes float32 arrays as NumPy <c>.npy</c> files (C order, the bytes <c>np.save</c> would write), atomically:
/// the file appears complete or not at all. For outputs too large to hold in memory use <see cref="NpyStreamWriter"/>.
/// </summary>
internal static class NpyWriter
{
    /// <summary>Writes <paramref name="data"/> (C order) with the given <paramref name="shape"/> to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from <paramref name="data"/>'s length.</exception>
    public static void Write(string path, ReadOnlyMemory<float> data, params long[] shape)
    {
        long count = CheckShape(shape);
        if (count != data.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {count} elements but {data.Length} were given", nameof(shape));
        byte[] header = NpyHeader.Format("<f4", shape);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            WriteFloats(stream, data.Span);
        });
    }

    internal static long CheckShape(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (long dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            count = checked(count * dim);
        }
        return count;
    }

    internal static void WriteFloats(Stream stream, ReadOnlySpan<float> data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (float value in data)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(four, value);
            stream.Write(four);
        }
    }
}
