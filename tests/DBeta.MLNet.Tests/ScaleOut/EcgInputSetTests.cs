using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.ScaleOut;

/// <summary><see cref="EcgInputSet"/>: several real HDF5 files read as one, in sorted order, with globs.</summary>
[TestClass]
public sealed class EcgInputSetTests
{
    private static readonly string[] Files = ["code_gzip_shuffle.h5", "code_chunked.h5", "code_contiguous.h5"];

    [TestMethod]
    public void GlobsExpandSortedAndRecordsFollowEachOtherAcrossFiles()
    {
        using var temp = new TempFolder();
        foreach (string file in Files) File.Copy(RepoPaths.Fixture("data", "hdf5", file), temp.File(file));
        File.WriteAllText(temp.File("notes.txt"), "not an input");

        using var set = EcgInputSet.Open([temp.File("code_*.h5"), temp.File("code_chunked.h5")]);
        CollectionAssert.AreEqual(Files.Order(StringComparer.Ordinal).Select(temp.File).ToArray(), set.Inputs.Select(i => i.Path).ToArray(), "sorted, without the duplicate");
        Assert.AreEqual(15, set.Count);
        CollectionAssert.AreEqual(new[] { 0, 5, 10 }, set.Inputs.Select(i => i.FirstRecord).ToArray());

        // A block across the file boundary reads the same values as the files one by one.
        int length = 12 * set.SampleCount;
        var block = new float[6 * length];
        set.ReadBlock(3, 6, block);
        for (int k = 0; k < 6; k++)
        {
            var (input, row) = set.Locate(3 + k);
            using var alone = new Hdf5EcgSource(input.Path);
            var record = alone.Read(row);
            CollectionAssert.AreEqual(record.Samples, block.AsSpan(k * length, length).ToArray(), $"record {3 + k}");
            Assert.AreEqual(record.Id, set.GetId(3 + k));
        }

        // A range is a source of its own: index 0 is its first record.
        using var range = set.Range(4, 3);
        Assert.AreEqual(set.GetId(4), range.GetId(0));
        Assert.AreEqual(set.GetId(6), range.GetId(2));
        Assert.AreNotEqual(set.Fingerprint, EcgInputSet.Open([temp.File("code_c*.h5")]).Fingerprint);
    }

    [TestMethod]
    public void MissingInputsAndMixedRatesAreNamed()
    {
        using var temp = new TempFolder();
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => EcgInputSet.Open([temp.File("*.h5")])).Message, "matches no file");
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => EcgInputSet.Open([temp.File("none.h5")])).Message, "none.h5");

        string code = RepoPaths.Fixture("data", "hdf5", "code_chunked.h5");
        string npy = RepoPaths.Fixture("data", "npy", "ecg_f4_lead_major.npy");
        var e = Assert.ThrowsExactly<EcgDataException>(() => EcgInputSet.Open([code, npy], EcgFormat.Auto,
            (path, format) => format == EcgFormat.Npy ? new NpyEcgLoaderOptions { Layout = NpyEcgLayout.LeadMajor, SampleRate = 500 } : null));
        StringAssert.Contains(e.Message, "separate runs");
    }
}
