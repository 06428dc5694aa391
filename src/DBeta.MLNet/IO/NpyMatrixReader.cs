using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DBeta.MLNet.Data;

namespace DBeta.MLNet.IO;

/// <summary>
/// Reads a 2-D <c>[N, D]</c> little-endian float32 or float64 C-order <c>.npy</c> matrix (cached embeddings) as
/// float32. Kept minimal for the probes until the data layer's general <c>NpyReader</c> is merged.
/// </summary>
internal static partial class NpyMatrixReader
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The matrix, row-major, with its shape.</summary>
    /// <exception cref="EcgDataException">Not a readable 2-D float32/float64 C-order .npy, or shorter than its header claims.</exception>
    public static (float[] Values, int Rows, int Columns) Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> preamble = stackalloc byte[12];
        if (stream.ReadAtLeast(preamble, 10, throwOnEndOfStream: false) < 10 || !preamble[..6].SequenceEqual(Magic))
            throw new EcgDataException(path, "is not a .npy file (no \\x93NUMPY magic)");
        int major = preamble[6];
        int headerLength, offset;
        if (major == 1) { headerLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..]); offset = 10; }
        else if (major is 2 or 3) { headerLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]), int.MaxValue); offset = 12; }
        else throw new EcgDataException(path, $".npy format version {major} is not supported (1, 2 or 3)");
        if (offset + (long)headerLength > stream.Length)
            throw new EcgDataException(path, $"header claims {headerLength} bytes but the file has {stream.Length}");
        var headerBytes = new byte[headerLength];
        stream.Position = offset;
        stream.ReadExactly(headerBytes);
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        string descr = Header().Match(header) is { Success: true } d ? d.Groups["descr"].Value
            : throw new EcgDataException(path, $"header has no 'descr': {header.Trim()}");
        int itemSize = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            _ => throw new EcgDataException(path, $"holds '{descr}' values; expected little-endian float32 ('<f4') or float64 ('<f8'), e.g. np.save(path, x.astype(np.float32))"),
        };
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
            throw new EcgDataException(path, "is in Fortran order; save it in C order (np.ascontiguousarray) first");
        var shapeMatch = Shape().Match(header);
        if (!shapeMatch.Success)
            throw new EcgDataException(path, $"header has no 'shape': {header.Trim()}");
        long[] shape = shapeMatch.Groups["dims"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (shape.Length != 2)
            throw new EcgDataException(path, $"has shape ({string.Join(", ", shape)}); expected a matrix [N, D] of embeddings");
        long rows = shape[0], columns = shape[1];
        if (rows <= 0 || columns <= 0 || rows > Array.MaxLength || columns > Array.MaxLength || rows * columns > Array.MaxLength)
            throw new EcgDataException(path, $"has shape ({rows}, {columns}); expected at least one row and column, and at most {Array.MaxLength} values");
        long dataBytes = rows * columns * itemSize;
        long dataStart = offset + headerLength;
        if (stream.Length - dataStart < dataBytes)
            throw new EcgDataException(path, $"shape ({rows}, {columns}) needs {dataBytes} data bytes but the file has {stream.Length - dataStart}");

        var values = new float[rows * columns];
        stream.Position = dataStart;
        if (itemSize == 4)
        {
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
        }
        else
        {
            var buffer = new byte[8 * Math.Min(values.Length, 1 << 16)];
            for (int done = 0; done < values.Length;)
            {
                int count = Math.Min(values.Length - done, buffer.Length / 8);
                stream.ReadExactly(buffer, 0, 8 * count);
                for (int i = 0; i < count; i++)
                    values[done + i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(8 * i));
                done += count;
            }
        }
        return (values, (int)rows, (int)columns);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'(?<descr>[^']*)'")]
    private static partial Regex Header();

    [GeneratedRegex(@"'shape'\s*:\s*\((?<dims>[^)]*)\)")]
    private static partial Regex Shape();
}
