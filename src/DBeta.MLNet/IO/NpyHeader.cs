using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DBeta.MLNet;

/// <summary>
/// The header of a NumPy <c>.npy</c> file (format versions 1.0, 2.0 and 3.0): magic, version, a little-endian
/// length, then a Python dict literal <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (N, 12, T), }</c>
/// padded with spaces and a newline so the data starts on a 64-byte boundary.
/// </summary>
internal sealed class NpyHeader
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // numpy pads the header so the first axis can grow to this many digits without moving the data (np.lib.format).
    private const int GrowthAxisMaxDigits = 21;
    private const int Alignment = 64;
    private const int MaxHeaderLength = 1 << 20;

    public required string Descr { get; init; }
    public required bool FortranOrder { get; init; }
    public required long[] Shape { get; init; }

    /// <summary>Byte offset of the first element.</summary>
    public long DataOffset { get; init; }

    /// <summary>Reads and parses the header at the start of the file; errors name <paramref name="path"/>.</summary>
    public static NpyHeader Read(SafeFileHandle file, string path, FileProblem problem)
    {
        long fileLength = RandomAccess.GetLength(file);
        Span<byte> prefix = stackalloc byte[12];
        int got = ReadAtMost(file, prefix, 0);
        if (got < 10 || !prefix[..6].SequenceEqual(Magic))
            throw problem(path, "not a NumPy .npy file (the magic string \\x93NUMPY is missing)");
        byte major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
            throw problem(path, $".npy format version {major}.{minor} is not supported (expected 1.0, 2.0 or 3.0)");
        long headerLength;
        int lengthEnd;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..10]);
            lengthEnd = 10;
        }
        else
        {
            if (got < 12) throw problem(path, "the .npy header is cut off");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..12]);
            lengthEnd = 12;
        }
        if (headerLength > MaxHeaderLength || lengthEnd + headerLength > fileLength)
            throw problem(path, $"the .npy header claims {headerLength} bytes but the file holds {fileLength} bytes");

        var text = new byte[headerLength];
        if (ReadAtMost(file, text, lengthEnd) != text.Length) throw problem(path, "the .npy header is cut off");
        Encoding encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        var header = Parse(encoding.GetString(text), path, problem);
        return new NpyHeader
        {
            Descr = header.Descr,
            FortranOrder = header.FortranOrder,
            Shape = header.Shape,
            DataOffset = lengthEnd + headerLength,
        };
    }

    /// <summary>
    /// The header bytes numpy's <c>np.save</c> writes for a C-order array (version 1.0 unless the header needs 2.0),
    /// so a file written here is byte-for-byte what numpy would write.
    /// </summary>
    public static byte[] Format(string descr, IReadOnlyList<long> shape)
    {
        var dict = new StringBuilder();
        dict.Append("{'descr': '").Append(descr).Append("', 'fortran_order': False, 'shape': ").Append(ShapeRepr(shape)).Append(", }");
        if (shape.Count > 0)
            dict.Append(' ', Math.Max(0, GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length));

        foreach (int lengthBytes in new[] { 2, 4 })
        {
            int prefixLength = Magic.Length + 2 + lengthBytes;
            int unpadded = prefixLength + dict.Length + 1;
            int pad = Alignment - unpadded % Alignment; // numpy pads 1..64 spaces, never 0
            int headerLength = dict.Length + pad + 1;
            if (lengthBytes == 2 && headerLength > ushort.MaxValue) continue;

            var bytes = new byte[prefixLength + headerLength];
            Magic.CopyTo(bytes);
            bytes[6] = (byte)(lengthBytes == 2 ? 1 : 2);
            bytes[7] = 0;
            if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
            else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
            Encoding.Latin1.GetBytes(dict.ToString(), bytes.AsSpan(prefixLength));
            bytes.AsSpan(prefixLength + dict.Length, pad).Fill((byte)' ');
            bytes[^1] = (byte)'\n';
            return bytes;
        }
        throw new ArgumentException("the .npy header is too long", nameof(shape));
    }

    private static int ReadAtMost(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(file, buffer[total..], offset + total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static string ShapeRepr(IReadOnlyList<long> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
        _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    private static (string Descr, bool FortranOrder, long[] Shape) Parse(string text, string path, FileProblem problem)
    {
        var reader = new LiteralReader(text, path, problem);
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        reader.Expect('{');
        while (!reader.TryConsume('}'))
        {
            string key = reader.ReadString();
            reader.Expect(':');
            switch (key)
            {
                case "descr":
                    if (!reader.Peek('\'') && !reader.Peek('"'))
                        throw problem(path, "structured .npy arrays are not supported; expected a float32 or float64 array");
                    descr = reader.ReadString();
                    break;
                case "fortran_order":
                    fortran = reader.ReadBoolean();
                    break;
                case "shape":
                    shape = reader.ReadTuple();
                    break;
                default:
                    throw problem(path, $"unexpected key '{key}' in the .npy header");
            }
            if (!reader.TryConsume(',')) { reader.Expect('}'); break; }
        }
        if (descr is null || fortran is null || shape is null)
            throw problem(path, "the .npy header lacks one of 'descr', 'fortran_order', 'shape'");
        return (descr, fortran.Value, shape);
    }

    /// <summary>Reads the few Python literals an .npy header holds: strings, booleans, tuples of integers.</summary>
    private sealed class LiteralReader(string text, string path, FileProblem problem)
    {
        private int _pos;

        public bool Peek(char c)
        {
            SkipSpace();
            return _pos < text.Length && text[_pos] == c;
        }

        public bool TryConsume(char c)
        {
            if (!Peek(c)) return false;
            _pos++;
            return true;
        }

        public void Expect(char c)
        {
            if (!TryConsume(c)) throw Bad($"expected '{c}'");
        }

        public string ReadString()
        {
            SkipSpace();
            if (_pos >= text.Length || (text[_pos] != '\'' && text[_pos] != '"')) throw Bad("expected a quoted string");
            char quote = text[_pos++];
            int end = text.IndexOf(quote, _pos);
            if (end < 0) throw Bad("unterminated string");
            string value = text[_pos..end];
            _pos = end + 1;
            return value;
        }

        public bool ReadBoolean()
        {
            SkipSpace();
            if (text.AsSpan(_pos).StartsWith("True")) { _pos += 4; return true; }
            if (text.AsSpan(_pos).StartsWith("False")) { _pos += 5; return false; }
            throw Bad("expected True or False");
        }

        public long[] ReadTuple()
        {
            Expect('(');
            var dims = new List<long>();
            while (!TryConsume(')'))
            {
                SkipSpace();
                int start = _pos;
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
                if (_pos == start || !long.TryParse(text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out long dim))
                    throw Bad("expected a non-negative integer dimension");
                if (_pos < text.Length && text[_pos] == 'L') _pos++; // Python 2 long suffix
                dims.Add(dim);
                if (!TryConsume(',')) { Expect(')'); break; }
            }
            return [.. dims];
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        private Exception Bad(string what) =>
            problem(path, $"cannot parse the .npy header at character {_pos}: {what} in \"{text.TrimEnd()}\"");
    }
}
