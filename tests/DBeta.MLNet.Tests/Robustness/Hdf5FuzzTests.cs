using System.Buffers.Binary;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated HDF5 files (CODE layout, contiguous, chunked, gzip+shuffle, float64) through <see cref="Hdf5EcgSource"/>:
/// byte mutations of the metadata, truncation, and edits of the fields that matter: the dataset's dimensions and rank,
/// its datatype class, byte order and size, the dataset names (a missing <c>tracings</c> or <c>exam_id</c>), the
/// superblock's sizes and addresses.
/// </summary>
[TestClass]
public sealed class Hdf5FuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string[] Corpus =
    [
        "code_contiguous.h5", "code_chunked.h5", "code_float64.h5", "code_gzip_shuffle.h5", "code_nan_inf.h5",
        "bad_big_endian.h5", "bad_exam_id_float.h5", "bad_exam_id_length.h5", "bad_int16.h5", "bad_lead_count.h5", "bad_rank2.h5",
    ];

    private static readonly ulong[] AbsurdDims =
        [0, 1, 2, 4, 6, 11, 13, 399, 401, 4000, 1UL << 20, 1UL << 31, (1UL << 32) + 5, 1UL << 40, 1UL << 62, ulong.MaxValue, ulong.MaxValue - 1];

    [TestMethod]
    public void MutatedHdf5FilesEndInATypedErrorOrReadableRecords()
    {
        var corpus = Corpus.Select(name => File.ReadAllBytes(RepoPaths.Fixture("data", "hdf5", name))).ToArray();
        var campaign = new FuzzCampaign("HDF5 (Hdf5EcgSource)", seed: 0x48354)
        {
            // Deflate may expand a chunk ~1000x, so a valid small file can hold much more than its size.
            AllocationBudget = bytes => (64L << 20) + 1200 * bytes,
            // PureHDF 2.2 allocates a metadata block's claimed size (fill value, attribute, heap: up to 2 GiB) before it
            // reads it; the read then fails and the source reports the file. Counted apart so the table shows how often.
            KnownOverAllocation = e => e is EcgDataException && e.InnerException?.StackTrace?.Contains("PureHDF.VFD.H5StreamDriver.ReadBytes", StringComparison.Ordinal) == true
                ? "(PureHDF allocated a claimed size first)" : null,
        };
        var report = campaign.Run((rng, folder) =>
        {
            byte[] original = corpus[rng.Next(corpus.Length)];
            string what;
            byte[] bytes = rng.Next(5) < 2 ? EditField(original, rng, out what) : ByteMutator.Mutate(original, rng, out what, [(0, Math.Min(original.Length, 4096))]);
            string path = Path.Combine(folder, "ecg.h5");
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, what);
        }, input =>
        {
            using var source = new Hdf5EcgSource(input.Path);
            EcgSourceProbe.Read(source);
        });
        report.AssertClean(TestContext);
    }

    /// <summary>Edits one structural field, found by its bytes in the file (h5py writes them at fixed places).</summary>
    private static byte[] EditField(byte[] original, Random rng, out string what)
    {
        var bytes = (byte[])original.Clone();
        // Dataspace message v1 of 'tracings': version 1, rank 3, then [N, T, 12] as 8-byte sizes and the same max sizes.
        int dims = FindDims(bytes);
        // Datatype message of a little-endian IEEE float32 / float64: size, then offset, precision, exponent and mantissa fields, bias.
        int f4 = ByteMutator.IndexOf(bytes, [4, 0, 0, 0, 0, 0, 0x20, 0, 0x17, 0x08, 0, 0x17, 0x7f, 0, 0, 0]);
        int f8 = ByteMutator.IndexOf(bytes, [8, 0, 0, 0, 0, 0, 0x40, 0, 0x34, 0x0b, 0, 0x34, 0xff, 3, 0, 0]);
        int type = f4 >= 0 ? f4 : f8;
        switch (rng.Next(7))
        {
            case 0 when dims >= 0:
                {
                    int which = rng.Next(rng.Next(4) == 0 ? 6 : 3); // 3..5 are the max dimensions
                    ulong value = AbsurdDims[rng.Next(AbsurdDims.Length)];
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(dims + 8 * which), value);
                    what = $"dim[{which}] = {value}";
                    return bytes;
                }
            case 1 when dims >= 0:
                {
                    byte rank = new byte[] { 0, 1, 2, 4, 5, 32, 255 }[rng.Next(7)];
                    bytes[dims - 7] = rank;
                    what = $"rank {rank}";
                    return bytes;
                }
            case 2 when type >= 0:
                {
                    // Class and version byte: fixed-point, string, bitfield, opaque, compound, reference, enum, vlen, array.
                    byte classByte = new byte[] { 0x10, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x21, 0x31, 0x01 }[rng.Next(13)];
                    bytes[type - 4] = classByte;
                    what = $"datatype class byte 0x{classByte:x2}";
                    return bytes;
                }
            case 3 when type >= 0:
                {
                    if (rng.Next(2) == 0)
                    {
                        bytes[type - 3] ^= (byte)(1 << rng.Next(8));
                        what = "datatype bit field flipped";
                    }
                    else
                    {
                        uint size = new uint[] { 0, 1, 2, 3, 8, 16, 0xFFFF, 0xFFFFFFFF }[rng.Next(8)];
                        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(type), size);
                        what = $"datatype size {size}";
                    }
                    return bytes;
                }
            case 4:
                {
                    string name = rng.Next(2) == 0 ? "tracings" : "exam_id";
                    var found = ByteMutator.IndicesOf(bytes, System.Text.Encoding.ASCII.GetBytes(name));
                    if (found.Count == 0) break;
                    int at = found[rng.Next(found.Count)] + rng.Next(name.Length);
                    bytes[at] = (byte)(rng.Next(2) == 0 ? 'Z' : 0);
                    what = $"name '{name}' renamed at {at}";
                    return bytes;
                }
            case 5:
                {
                    // Superblock v0: sizes of offsets/lengths (13, 14), base/free-space/end-of-file/driver addresses (24..55), root entry (56..).
                    int at = new[] { 8, 13, 14, 16, 18, 24, 32, 40, 48, 64, 72, 80 }[rng.Next(12)];
                    if (at is 13 or 14 or 8)
                    {
                        bytes[at] = new byte[] { 0, 1, 2, 3, 4, 16, 255 }[rng.Next(7)];
                        what = $"superblock byte {at} = {bytes[at]}";
                    }
                    else
                    {
                        ulong value = new ulong[] { 0, 1, 96, (ulong)original.Length - 1, (ulong)original.Length + 1, 1UL << 40, ulong.MaxValue }[rng.Next(7)];
                        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
                        what = $"superblock address {at} = {value}";
                    }
                    return bytes;
                }
            case 6:
                {
                    int length = dims >= 0 && rng.Next(2) == 0 ? rng.Next(dims - 16, Math.Min(original.Length, dims + 600)) : rng.Next(original.Length);
                    what = $"truncate@{length}";
                    return original[..length];
                }
        }
        return ByteMutator.Mutate(original, rng, out what, [(0, Math.Min(original.Length, 4096))]);
    }

    private static int FindDims(byte[] bytes)
    {
        for (int at = 8; at + 24 <= Math.Min(bytes.Length, 8192); at++)
        {
            if (bytes[at - 8] != 1 || bytes[at - 7] != 3) continue;
            ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            ulong t = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at + 8));
            ulong leads = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at + 16));
            if (n is > 0 and < 100 && t is > 0 and < 100_000 && leads is > 0 and <= 12) return at;
        }
        return -1;
    }
}
