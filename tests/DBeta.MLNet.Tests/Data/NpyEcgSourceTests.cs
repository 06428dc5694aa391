using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class NpyEcgSourceTests
{
    private const int N = 3, T = 250, Length = 12 * T;

    private static string Npy(string name) => RepoPaths.Fixture("data", "npy", name);

    private static NpyEcgLoaderOptions Options(NpyEcgLayout layout, IReadOnlyList<string>? ids = null) =>
        new() { Layout = layout, SampleRate = 500, Ids = ids };

    [TestMethod]
    [DataRow("ecg_f4_lead_major.npy", NpyEcgLayout.LeadMajor)]
    [DataRow("ecg_f8_time_major.npy", NpyEcgLayout.TimeMajor)]
    public void BothLayoutsReadAsLeadMajor(string file, NpyEcgLayout layout)
    {
        float[] expected = RawFloats.Read(Npy("expected_lead_major.f32"));
        using var source = new NpyEcgSource(Npy(file), Options(layout));
        Assert.AreEqual(N, source.Count);
        Assert.AreEqual(T, source.SampleCount);
        Assert.AreEqual(500.0, source.SampleRate);
        var all = new float[N * Length];
        source.ReadBlock(0, N, all);
        CollectionAssert.AreEqual(expected, all);
        Assert.AreEqual("2", source.GetId(2));
    }

    [TestMethod]
    public void IdsComeFromTheOptionsAndMustMatchTheCount()
    {
        using (var source = new NpyEcgSource(Npy("ecg_f4_lead_major.npy"), Options(NpyEcgLayout.LeadMajor, ["a", "b", "c"])))
            Assert.AreEqual("c", source.Read(2).Id);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new NpyEcgSource(Npy("ecg_f4_lead_major.npy"), Options(NpyEcgLayout.LeadMajor, ["a"])));
        StringAssert.Contains(e.Message, "1 ids given for the 3 records");
    }

    [TestMethod]
    [DataRow("bad_rank2.npy", NpyEcgLayout.LeadMajor, "array has rank 2 (shape (12, 250)), expected [N, 12, T] (LeadMajor)")]
    [DataRow("bad_lead_count.npy", NpyEcgLayout.LeadMajor, "array has shape (3, 8, 250) but layout LeadMajor expects [N, 12, T] with 12 leads")]
    [DataRow("ecg_f4_lead_major.npy", NpyEcgLayout.TimeMajor, "array has shape (3, 12, 250) but layout TimeMajor expects [N, T, 12] with 12 leads")]
    [DataRow("bad_fortran.npy", NpyEcgLayout.LeadMajor, "Fortran order")]
    [DataRow("bad_int32.npy", NpyEcgLayout.LeadMajor, "dtype '<i4' is not supported")]
    public void RejectsArraysThatDoNotFitTheLayout(string file, NpyEcgLayout layout, string problem)
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => new NpyEcgSource(Npy(file), Options(layout)));
        Assert.AreEqual(Npy(file), e.FilePath);
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void NaNAndInfinityAreRejectedOrFlagged()
    {
        using var source = new NpyEcgSource(Npy("ecg_nan_inf.npy"), Options(NpyEcgLayout.LeadMajor));
        var e = Assert.ThrowsExactly<EcgDataException>(() => source.Read(1));
        Assert.AreEqual($"{Npy("ecg_nan_inf.npy")}: record 1: lead V2 sample 99 is NaN; fix the file or load it with InvalidValues = Drop to skip such records", e.Message);
        StringAssert.Contains(Assert.ThrowsExactly<EcgDataException>(() => source.Read(2)).Message, "record 2: lead V6 sample 0 is -Inf");
        var valid = new bool[N];
        source.ReadBlock(0, N, new float[N * Length], valid);
        CollectionAssert.AreEqual(new[] { true, false, false }, valid);
    }
}
