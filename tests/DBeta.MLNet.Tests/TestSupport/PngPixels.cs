using System.Buffers.Binary;
using System.IO.Compression;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>
/// Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what ScottPlot writes) into pixels, so plot tests can look at
/// what was drawn: chunks, zlib-compressed IDAT, the five row filters of the PNG specification.
/// </summary>
internal sealed class PngPixels
{
    private readonly byte[] _rgba;

    private PngPixels(int width, int height, byte[] rgba) => (Width, Height, _rgba) = (width, height, rgba);

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixel at column <paramref name="x"/>, row <paramref name="y"/> (0 at the top).</summary>
    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            int i = (y * Width + x) * 4;
            return (_rgba[i], _rgba[i + 1], _rgba[i + 2], _rgba[i + 3]);
        }
    }

    public static PngPixels Read(string path) => Decode(File.ReadAllBytes(path));

    public static PngPixels Decode(byte[] png)
    {
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8], "PNG signature");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.AreEqual(8, data[8], "bit depth");
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new AssertFailedException($"colour type {data[9]} not decoded here") };
                Assert.AreEqual(0, data[12], "interlaced PNGs are not decoded here");
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            at += 12 + length;
        }
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        int stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        zlib.ReadExactly(raw);

        var rgba = new byte[width * height * 4];
        var previous = new byte[stride];
        var current = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, current, 0, stride);
            for (int i = 0; i < stride; i++)
            {
                int left = i >= channels ? current[i - channels] : 0, up = previous[i], upLeft = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new AssertFailedException($"row {y}: filter type {filter}"),
                });
            }
            for (int x = 0; x < width; x++)
            {
                int o = (y * width + x) * 4;
                rgba[o] = current[x * channels];
                rgba[o + 1] = current[x * channels + 1];
                rgba[o + 2] = current[x * channels + 2];
                rgba[o + 3] = channels == 4 ? current[x * channels + 3] : (byte)255;
            }
            (previous, current) = (current, previous);
        }
        return new PngPixels(width, height, rgba);
    }

    /// <summary>Pixels in the rectangle that satisfy <paramref name="test"/>.</summary>
    public int Count(int x0, int y0, int x1, int y1, Func<(byte R, byte G, byte B, byte A), bool> test)
    {
        int n = 0;
        for (int y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
            for (int x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
                if (test(this[x, y])) n++;
        return n;
    }

    /// <summary>A strongly coloured pixel (a curve of the palette), not grey, white, black or pale.</summary>
    public static bool Saturated((byte R, byte G, byte B, byte A) p) =>
        Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B)) > 80;

    /// <summary>A dark pixel: a trace or text.</summary>
    public static bool Dark((byte R, byte G, byte B, byte A) p) => p.R < 90 && p.G < 90 && p.B < 90;

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
