using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.IO;

[TestClass]
public sealed class NpyReaderTests
{
    private static string Npy(string name) => RepoPaths.Fixture("data", "npy", name);

    [TestMethod]
    [DataRow("ecg_f4_lead_major.npy")]
    [DataRow("ecg_f4_lead_major_v2.npy")]
    [DataRow("ecg_f4_lead_major_v3.npy")]
    public void ReadsFloat32InEveryHeaderVersion(string file)
    {
        float[] expected = RawFloats.Read(Npy("expected_lead_major.f32"));
        using var reader = NpyReader.Open(Npy(file));
        CollectionAssert.AreEqual(new long[] { 3, 12, 250 }, reader.Shape.ToArray());
        Assert.AreEqual(NpyDataType.Float32, reader.DataType);
        Assert.AreEqual(12 * 250, reader.RowLength);
        CollectionAssert.AreEqual(expected, reader.ReadAll());
    }

    [TestMethod]
    public void ReadsFloat64AsFloat32RowByRow()
    {
        float[] expected = RawFloats.Read(Npy("expected_lead_major.f32")); // [3, 12, 250]
        using var reader = NpyReader.Open(Npy("ecg_f8_time_major.npy")); // [3, 250, 12] float64
        Assert.AreEqual(NpyDataType.Float64, reader.DataType);
        var row = new float[250 * 12];
        reader.ReadRows(2, 1, row);
        for (int t = 0; t < 250; t++)
            for (int lead = 0; lead < 12; lead++)
                Assert.AreEqual(expected[2 * 3000 + lead * 250 + t], row[t * 12 + lead]);
    }

    [TestMethod]
    public void ReadsARangeOfRows()
    {
        float[] expected = RawFloats.Read(Npy("expected_lead_major.f32"));
        using var reader = NpyReader.Open(Npy("ecg_f4_lead_major.npy"));
        var rows = new float[2 * 3000];
        reader.ReadRows(1, 2, rows);
        CollectionAssert.AreEqual(expected[3000..], rows);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => reader.ReadRows(2, 2, rows));
    }

    [TestMethod]
    [DataRow("bad_fortran.npy", "Fortran order")]
    [DataRow("bad_big_endian.npy", "dtype '>f4' is big-endian")]
    [DataRow("bad_int32.npy", "dtype '<i4' is not supported; expected float32 ('<f4') or float64 ('<f8')")]
    [DataRow("bad_truncated.npy", "claims shape (3, 12, 250) of float32 (36000 bytes) but the file holds only 35900 bytes")]
    [DataRow("bad_magic.npy", "not a NumPy .npy file")]
    public void RejectsFilesItCannotReadWithTheFileAndTheProblem(string file, string problem)
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => NpyReader.Open(Npy(file), EcgDataException.ForFile));
        Assert.AreEqual(Npy(file), e.FilePath);
        StringAssert.Contains(e.Message, problem);
        StringAssert.StartsWith(e.Message, Npy(file) + ": ");
    }

    [TestMethod]
    public void RejectsAHeaderItCannotParse()
    {
        using var temp = new TempFolder();
        string path = temp.File("odd.npy");
        var text = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }"u8.ToArray();
        byte[] header = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)text.Length, 0, .. text];
        File.WriteAllBytes(path, header);
        var e = Assert.ThrowsExactly<EcgDataException>(() => NpyReader.Open(path, EcgDataException.ForFile));
        StringAssert.Contains(e.Message, "structured .npy arrays are not supported");
    }

    [TestMethod]
    public void AMissingFileIsFileNotFound() =>
        Assert.ThrowsExactly<FileNotFoundException>(() => NpyReader.Open(Npy("no_such_file.npy")));
}
