using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class EcgLabelsTests
{
    private static readonly string[] CodeLabels = ["1dAVb", "RBBB", "LBBB", "SB", "AF", "ST"];

    private static string Labels(string name) => RepoPaths.Fixture("data", "labels", name);

    private static string H5(string name) => RepoPaths.Fixture("data", "hdf5", name);

    private static float[] Expected()
    {
        using var reader = NpyReader.Open(Labels("expected_labels.npy"));
        return reader.ReadAll(); // [5, 6] in the HDF5 row order
    }

    [TestMethod]
    public void GoldStandardMatchesRecordsByRowOrder()
    {
        var labels = EcgLabels.LoadCsv(Labels("gold_standard.csv"));
        CollectionAssert.AreEqual(CodeLabels, labels.Names.ToArray());
        Assert.IsNull(labels.IdColumn);
        Assert.AreEqual(5, labels.RowCount);
        using var source = new Hdf5EcgSource(H5("code_chunked.h5"));
        CollectionAssert.AreEqual(Expected(), labels.AlignTo(source));
    }

    [TestMethod]
    public void ExamsCsvIsJoinedOnExamIdWithTrueFalseValues()
    {
        var labels = EcgLabels.LoadCsv(Labels("exams.csv"), new EcgLabelOptions { IdColumn = "exam_id", LabelColumns = CodeLabels });
        Assert.AreEqual(8, labels.RowCount, "rows for exams outside the file are allowed");
        using var source = new Hdf5EcgSource(H5("code_gzip_shuffle.h5"));
        CollectionAssert.AreEqual(Expected(), labels.AlignTo(source));
    }

    [TestMethod]
    public void ARowCountThatDiffersFromTheSourceIsAnError()
    {
        var labels = EcgLabels.LoadCsv(Labels("short.csv"));
        using var source = new Hdf5EcgSource(H5("code_chunked.h5"));
        var e = Assert.ThrowsExactly<EcgDataException>(() => labels.AlignTo(source));
        Assert.AreEqual(Labels("short.csv"), e.FilePath);
        StringAssert.Contains(e.Message, $"has 4 label rows but {H5("code_chunked.h5")} has 5 records");
    }

    [TestMethod]
    public void AnIdWithoutARowIsAnError()
    {
        var labels = EcgLabels.LoadCsv(Labels("exams_missing_id.csv"), new EcgLabelOptions { IdColumn = "exam_id", LabelColumns = CodeLabels });
        using var source = new Hdf5EcgSource(H5("code_chunked.h5"));
        string missing = source.GetId(3);
        var e = Assert.ThrowsExactly<EcgDataException>(() => labels.AlignTo(source));
        StringAssert.Contains(e.Message, $"has no row with exam_id {missing} (record 3 of {H5("code_chunked.h5")})");
    }

    [TestMethod]
    [DataRow("nonbinary.csv", null, "row 3 (line 4), column 'SB': '2' is not a binary label (0/1 or False/True)")]
    [DataRow("exams_duplicate_id.csv", "exam_id", "row 9 (line 10): exam_id")]
    [DataRow("exams_ragged.csv", "exam_id", "row 5 (line 6) has 5 fields, the header has 10")]
    [DataRow("exams.csv", "exam", "has no column 'exam' (columns: exam_id, age, is_male, 1dAVb, RBBB, LBBB, SB, ST, AF, trace_file)")]
    public void BadFilesNameTheRowAndTheProblem(string file, string? idColumn, string problem)
    {
        var options = new EcgLabelOptions { IdColumn = idColumn, LabelColumns = idColumn is null ? null : CodeLabels };
        var e = Assert.ThrowsExactly<EcgDataException>(() => EcgLabels.LoadCsv(Labels(file), options));
        Assert.AreEqual(Labels(file), e.FilePath);
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void ADuplicateIdNamesBothLines()
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() =>
            EcgLabels.LoadCsv(Labels("exams_duplicate_id.csv"), new EcgLabelOptions { IdColumn = "exam_id", LabelColumns = CodeLabels }));
        StringAssert.Matches(e.Message, new System.Text.RegularExpressions.Regex(@"row 9 \(line 10\): exam_id \d+ appears again \(first on line \d\)"));
    }

    [TestMethod]
    public void NonLabelColumnsAreRejectedUnlessLabelColumnsPicksTheLabels()
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => EcgLabels.LoadCsv(Labels("exams.csv"), new EcgLabelOptions { IdColumn = "exam_id" }));
        StringAssert.Contains(e.Message, "column 'age': '50' is not a binary label");
    }

    [TestMethod]
    public void AnEmptyFileIsAnError()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("empty.csv"), "");
        var e = Assert.ThrowsExactly<EcgDataException>(() => EcgLabels.LoadCsv(temp.File("empty.csv")));
        StringAssert.Contains(e.Message, "is empty");
    }
}
