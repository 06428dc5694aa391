using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.IO;

/// <summary><c>mlContext.Data.LoadEmbeddingsFromParquet</c>: the columns, every row across row groups, and clear errors for other files.</summary>
[TestClass]
public sealed class EmbeddingParquetDataViewTests
{
    [TestMethod]
    public void RowsStreamAcrossRowGroupsWithTheEmbeddingAsAKnownSizeVector()
    {
        using var temp = new TempFolder();
        string path = temp.File("e.parquet");
        const int dim = 5, rows = 11;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new EmbeddingParquetWriter(stream, dim, new Dictionary<string, string> { ["dbeta.model_sha256"] = "abc" }, rowGroupRows: 4);
            for (int r = 0; r < rows; r++) writer.Add($"exam,{r}", r < 6 ? "a.h5" : "b.h5", r < 6 ? r : r - 6, Enumerable.Range(0, dim).Select(d => r * 10f + d + 0.25f).ToArray());
            writer.Complete();
            Assert.AreEqual(3, writer.RowGroupCount);
        });

        var ml = new MLContext();
        var view = (EmbeddingParquetDataView)ml.Data.LoadEmbeddingsFromParquet(path);
        Assert.AreEqual(rows, view.GetRowCount());
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, dim), view.Schema["Embedding"].Type);
        Assert.AreEqual(TextDataViewType.Instance, view.Schema["Id"].Type);
        Assert.AreEqual(NumberDataViewType.Int64, view.Schema["RowIndex"].Type);
        Assert.AreEqual("abc", view.Metadata["dbeta.model_sha256"]);

        var read = ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false).ToList();
        Assert.HasCount(rows, read);
        for (int r = 0; r < rows; r++)
        {
            Assert.AreEqual($"exam,{r}", read[r].Id);
            Assert.AreEqual(r < 6 ? "a.h5" : "b.h5", read[r].SourceFile);
            Assert.AreEqual(r < 6 ? r : r - 6, read[r].RowIndex);
            CollectionAssert.AreEqual(Enumerable.Range(0, dim).Select(d => r * 10f + d + 0.25f).ToArray(), read[r].Embedding);
        }

        // Usable in a pipeline straight away: a trainer sees a known-size feature vector.
        var normalized = ml.Transforms.NormalizeMinMax("Embedding").Fit(view).Transform(view);
        Assert.AreEqual(rows, ml.Data.CreateEnumerable<Row>(normalized, reuseRowObject: false).Count());
    }

    [TestMethod]
    public void OtherFilesAreNamedInTheError()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("x.parquet"), "not parquet at all");
        var e = Assert.ThrowsExactly<EmbeddingFileException>(() => new MLContext().Data.LoadEmbeddingsFromParquet(temp.File("x.parquet")));
        StringAssert.Contains(e.Message, "x.parquet: is not a readable Parquet file");
        Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().Data.LoadEmbeddingsFromParquet(temp.File("none.parquet")));
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string SourceFile { get; set; } = "";
        public long RowIndex { get; set; }
        public float[] Embedding { get; set; } = [];
    }
}
