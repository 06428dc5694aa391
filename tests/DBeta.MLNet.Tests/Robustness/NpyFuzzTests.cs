using System.Buffers.Binary;
using System.Text;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated <c>.npy</c> files through <see cref="NpyEcgSource"/>: byte mutations of the prefix and header, and header
/// edits (dtype, order, shape, version, header length, keys). A file that loads must give exactly the floats stored
/// after its header, decoded here independently.
/// </summary>
[TestClass]
public sealed class NpyFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string[] Corpus =
    [
        "ecg_f4_lead_major.npy", "ecg_f4_lead_major_v2.npy", "ecg_f4_lead_major_v3.npy", "ecg_f8_time_major.npy", "ecg_nan_inf.npy",
        "np_save_3x12x7.npy", "bad_big_endian.npy", "bad_fortran.npy", "bad_int32.npy", "bad_lead_count.npy", "bad_rank2.npy", "bad_truncated.npy",
    ];

    private static readonly string[] Descrs = ["<f4", "<f8", ">f4", ">f8", "<i4", "|u1", "<f2", "<c8", "", "'", "<f4'", "f4", "<f16", "\u00e9\u00e9"];

    private static readonly string[] Shapes =
    [
        "()", "(3,)", "(3, 12)", "(3, 12, 250, 1)", "(0, 12, 250)", "(3, 12, 0)", "(3, 0, 250)", "(2147483648, 12, 250)", "(3, 12, 2147483647)",
        "(9223372036854775807, 12, 250)", "(99999999999999999999, 12, 250)", "(3, -1, 250)", "(3, 12 , 250,)", "('a', 12, 250)", "(1e3, 12, 250)",
        "(3L, 12L, 250L)", "((3, 12), 250)", "(3, 12, 250", "3, 12, 250)", "(4, 12, 250)", "(3, 12, 251)", "(2, 12, 250)", "(3, 250, 12)", "[3, 12, 250]",
        "(1, 12, 750)", "(36, 250, 1)", "(768614336404564651, 12, 1)",
    ];

    [TestMethod]
    public void MutatedNpyFilesEndInATypedErrorOrTheirStoredValues()
    {
        var corpus = Corpus.Select(name => File.ReadAllBytes(RepoPaths.Fixture("data", "npy", name))).ToArray();
        var campaign = new FuzzCampaign("npy (NpyEcgSource)", seed: 0x4e5059);
        var report = campaign.Run((rng, folder) =>
        {
            byte[] original = corpus[rng.Next(corpus.Length)];
            string what;
            byte[] bytes = rng.Next(2) == 0
                ? EditHeader(original, rng, out what)
                : ByteMutator.Mutate(original, rng, out what, [(0, Math.Min(original.Length, 160))]);
            string path = Path.Combine(folder, "ecg.npy");
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, what + (rng.Next(2) == 0 ? " [lead-major]" : " [time-major]"));
        }, input =>
        {
            var layout = input.Mutation.EndsWith("[lead-major]", StringComparison.Ordinal) ? NpyEcgLayout.LeadMajor : NpyEcgLayout.TimeMajor;
            using var source = new NpyEcgSource(input.Path, new NpyEcgLoaderOptions { Layout = layout, SampleRate = 500 });
            var records = EcgSourceProbe.Read(source);
            CheckAgainstFileBytes(input.Path, layout, source, records);
        });
        report.AssertClean(TestContext);
    }

    /// <summary>Rewrites one part of the header: the dict text, the version, or the header length.</summary>
    private static byte[] EditHeader(byte[] original, Random rng, out string what)
    {
        if (original.Length < 12 || original[1] != (byte)'N') return ByteMutator.Mutate(original, rng, out what);
        int major = original[6];
        int lengthBytes = major == 1 ? 2 : 4;
        int prefix = 8 + lengthBytes;
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(original.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(8));
        string header = Encoding.Latin1.GetString(original, prefix, Math.Min(headerLength, original.Length - prefix));
        byte[] data = original[Math.Min(original.Length, prefix + headerLength)..];

        switch (rng.Next(8))
        {
            case 0:
                {
                    string descr = Descrs[rng.Next(Descrs.Length)];
                    what = $"descr '{descr}'";
                    header = System.Text.RegularExpressions.Regex.Replace(header, "'descr': '[^']*'", $"'descr': '{descr}'");
                    break;
                }
            case 1:
                {
                    string value = new[] { "True", "False", "1", "None", "'False'", "Tru" }[rng.Next(6)];
                    what = $"fortran_order {value}";
                    header = header.Replace("'fortran_order': False", $"'fortran_order': {value}", StringComparison.Ordinal);
                    break;
                }
            case 2:
            case 3:
                {
                    string shape = Shapes[rng.Next(Shapes.Length)];
                    what = $"shape {shape}";
                    header = System.Text.RegularExpressions.Regex.Replace(header, @"'shape': \([^)]*\)", $"'shape': {shape}");
                    break;
                }
            case 4:
                {
                    string[] edits = ["{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (3, 12, 250), }", "{'fortran_order': False, 'shape': (3, 12, 250), }",
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 12, 250), 'extra': 1}", "{}", "", "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }",
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 12, 250)", "{'descr': '<f4' 'fortran_order': False, 'shape': (3, 12, 250), }",
                        "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (3, 12, 250), }", new string('{', 5000)];
                    string dict = edits[rng.Next(edits.Length)];
                    what = $"dict {dict[..Math.Min(40, dict.Length)]}";
                    header = dict.PadRight(Math.Max(dict.Length, headerLength - 1)) + "\n";
                    break;
                }
            case 5:
                {
                    byte version = new byte[] { 0, 1, 2, 3, 4, 255 }[rng.Next(6)];
                    byte minor = (byte)(rng.Next(4) == 0 ? 1 : 0);
                    what = $"version {version}.{minor}";
                    var copy = (byte[])original.Clone();
                    copy[6] = version;
                    copy[7] = minor;
                    return copy;
                }
            case 6:
                {
                    var copy = (byte[])original.Clone();
                    uint length = new uint[] { 0, 1, (uint)headerLength - 1, (uint)headerLength + 1, (uint)headerLength + 64, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 1 << 20, (1 << 20) + 1 }[rng.Next(10)];
                    what = $"header length {length}";
                    if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(8), (ushort)length);
                    else BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(8), length);
                    return copy;
                }
            default:
                {
                    // Data shorter or longer than the header says.
                    int change = new[] { -1, -4, -8, -100, 1, 4, 4096 }[rng.Next(7)];
                    what = $"data {change:+#;-#} bytes";
                    var list = original.ToList();
                    if (change < 0) list.RemoveRange(Math.Max(0, list.Count + change), Math.Min(list.Count, -change));
                    else list.AddRange(new byte[change]);
                    return [.. list];
                }
        }
        byte[] text = Encoding.Latin1.GetBytes(header);
        var result = new byte[prefix + text.Length + data.Length];
        original.AsSpan(0, prefix).CopyTo(result);
        if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)Math.Min(text.Length, ushort.MaxValue));
        else BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)text.Length);
        text.CopyTo(result, prefix);
        data.CopyTo(result, prefix + text.Length);
        return result;
    }

    /// <summary>The values must be the floats stored right after the header, in the layout's order.</summary>
    private static void CheckAgainstFileBytes(string path, NpyEcgLayout layout, NpyEcgSource source, List<(int Index, float[] Values)> records)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int major = bytes[6];
        long dataOffset = major == 1 ? 10 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : 12 + BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        using var reader = NpyReader.Open(path);
        int itemSize = reader.DataType == NpyDataType.Float32 ? 4 : 8;
        int t = source.SampleCount, leads = source.LeadCount;
        foreach (var (index, values) in records)
        {
            for (int lead = 0; lead < leads; lead++)
            {
                for (int s = 0; s < t; s++)
                {
                    long element = layout == NpyEcgLayout.LeadMajor ? ((long)index * leads + lead) * t + s : ((long)index * t + s) * leads + lead;
                    long at = dataOffset + element * itemSize;
                    EcgSourceProbe.Check(at + itemSize <= bytes.Length, $"record {index} reads past the end of the file");
                    float expected = itemSize == 4
                        ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)at))
                        : (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan((int)at));
                    float actual = values[lead * t + s];
                    EcgSourceProbe.Check(expected.Equals(actual), $"record {index} lead {lead} sample {s}: {actual}, the file holds {expected}");
                }
            }
        }
    }
}
