using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>
/// A committed <c>.npy</c> fixture read whole: little-endian float32 or float64, C order. Enough for reference values
/// written by <c>tests/reference/*.py</c>; not a general reader.
/// </summary>
internal sealed partial class NpyFixture
{
    /// <summary>Array shape, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>All values in C order, widened to double.</summary>
    public double[] Values { get; }

    private NpyFixture(int[] shape, double[] values)
    {
        Shape = shape;
        Values = values;
    }

    /// <summary>Reads <c>tests/fixtures/&lt;area&gt;/&lt;name&gt;.npy</c>.</summary>
    public static NpyFixture Load(string area, string name) => Read(RepoPaths.Fixture(area, name + ".npy"));

    public static NpyFixture Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path}: not an .npy file");
        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int dataStart = (major == 1 ? 10 : 12) + headerLength;
        string header = Encoding.ASCII.GetString(bytes, major == 1 ? 10 : 12, headerLength);

        string descr = DescrPattern().Match(header).Groups[1].Value;
        if (FortranPattern().IsMatch(header)) throw new InvalidDataException($"{path}: Fortran order not supported");
        int[] shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);

        var data = bytes.AsSpan(dataStart);
        var values = new double[count];
        switch (descr)
        {
            case "<f4":
                if (data.Length != count * 4) throw new InvalidDataException($"{path}: expected {count * 4} data bytes, got {data.Length}");
                for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                break;
            case "<f8":
                if (data.Length != count * 8) throw new InvalidDataException($"{path}: expected {count * 8} data bytes, got {data.Length}");
                for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
                break;
            default:
                throw new InvalidDataException($"{path}: dtype '{descr}' not supported (float32/float64 little-endian only)");
        }
        return new NpyFixture(shape, values);
    }

    /// <summary>The values as float32 (exact for float32 fixtures).</summary>
    public float[] AsSingles() => Values.Select(v => (float)v).ToArray();

    /// <summary>Row <paramref name="row"/> of a 2-D array.</summary>
    public double[] Row(int row) => Values.AsSpan(row * Shape[1], Shape[1]).ToArray();

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*True")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
