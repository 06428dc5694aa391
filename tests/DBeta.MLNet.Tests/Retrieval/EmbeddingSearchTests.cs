using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;

namespace DBeta.MLNet.Tests.Retrieval;

/// <summary>Exact cosine search over embedding files: a planted neighbour comes first, and the order is a brute-force one.</summary>
[TestClass]
public sealed class EmbeddingSearchTests
{
    private const int Rows = 5000, Dim = 32, Planted = 3217;

    /// <summary>Seeded random rows, one of which (<see cref="Planted"/>) is twice the query plus a little noise.</summary>
    private static (float[] Rows, float[] Query) SeededSet()
    {
        var random = new Random(42);
        var rows = new float[Rows * Dim];
        for (int i = 0; i < rows.Length; i++) rows[i] = (float)(random.NextDouble() * 2 - 1);
        var query = new float[Dim];
        for (int j = 0; j < Dim; j++) query[j] = (float)(random.NextDouble() * 2 - 1);
        for (int j = 0; j < Dim; j++) rows[Planted * Dim + j] = 2 * query[j] + (float)(random.NextDouble() - 0.5) * 0.01f;
        Array.Clear(rows, 17 * Dim, Dim); // a zero row has no direction and must be skipped
        return (rows, query);
    }

    private static void WriteParquet(string path, float[] rows)
    {
        using var stream = File.Create(path);
        using var writer = new EmbeddingParquetWriter(stream, Dim, new Dictionary<string, string>(), rowGroupRows: 512);
        for (int r = 0; r < Rows; r++) writer.Add($"rec{r:D5}", "seeded.h5", r, rows.AsSpan(r * Dim, Dim));
        writer.Complete();
    }

    /// <summary>The top rows by cosine computed in double over every row.</summary>
    private static int[] BruteForce(float[] rows, float[] query, int top)
    {
        double queryNorm = Math.Sqrt(query.Sum(v => (double)v * v));
        var cosines = Enumerable.Range(0, Rows).Select(r =>
        {
            double dot = 0, norm = 0;
            for (int j = 0; j < Dim; j++) { dot += (double)rows[r * Dim + j] * query[j]; norm += (double)rows[r * Dim + j] * rows[r * Dim + j]; }
            return (Row: r, Cosine: norm == 0 ? double.NegativeInfinity : dot / Math.Sqrt(norm) / queryNorm);
        });
        return [.. cosines.OrderByDescending(c => c.Cosine).Take(top).Select(c => c.Row)];
    }

    [TestMethod]
    public void TheParquetSearchFindsThePlantedNeighbourFirstAndTheBruteForceOrder()
    {
        var (rows, query) = SeededSet();
        using var temp = new TempFolder();
        WriteParquet(temp.File("e.parquet"), rows);
        var matches = new MLContext().Data.SearchEmbeddings(temp.File("e.parquet"), query, top: 10);
        Assert.HasCount(10, matches);
        Assert.AreEqual($"rec{Planted:D5}", matches[0].Id);
        Assert.IsGreaterThan(0.9999f, matches[0].Cosine);
        Assert.AreEqual(("seeded.h5", (long)Planted), (matches[0].SourceFile, matches[0].RowIndex));
        CollectionAssert.AreEqual(BruteForce(rows, query, 10), matches.Select(m => (int)m.Row).ToArray());
        Assert.IsTrue(matches.Zip(matches.Skip(1)).All(p => p.First.Cosine >= p.Second.Cosine), "most similar first");
    }

    [TestMethod]
    public void TheNpySearchTakesItsIdsFromTheIdsFile()
    {
        var (rows, query) = SeededSet();
        using var temp = new TempFolder();
        NpyWriter.Write(temp.File("e.npy"), rows, Rows, Dim);
        using (var ids = EmbeddingIdsCsv.Create(temp.File("ids.csv")))
        {
            for (int r = 0; r < Rows; r++) ids.Add($"rec{r:D5}", "seeded.h5", r);
            ids.Commit();
        }
        var ml = new MLContext();
        var withIds = ml.Data.SearchEmbeddings(temp.File("e.npy"), query, top: 5, idsCsvPath: temp.File("ids.csv"));
        CollectionAssert.AreEqual(BruteForce(rows, query, 5).Select(r => $"rec{r:D5}").ToArray(), withIds.Select(m => m.Id).ToArray());
        var bare = ml.Data.SearchEmbeddings(temp.File("e.npy"), query, top: 1);
        Assert.AreEqual(Planted.ToString(System.Globalization.CultureInfo.InvariantCulture), bare[0].Id);
    }

    [TestMethod]
    public void AQueryOfAnotherWidthNamesTheFile()
    {
        var (rows, _) = SeededSet();
        using var temp = new TempFolder();
        WriteParquet(temp.File("e.parquet"), rows);
        var e = Assert.ThrowsExactly<EmbeddingFileException>(() => new MLContext().Data.SearchEmbeddings(temp.File("e.parquet"), Enumerable.Repeat(1f, 768).ToArray(), top: 3));
        Assert.AreEqual(temp.File("e.parquet"), e.FilePath);
        StringAssert.Contains(e.Message, "width 32; the query has 768");
        Assert.ThrowsExactly<ArgumentException>(() => new MLContext().Data.SearchEmbeddings(temp.File("e.parquet"), new float[Dim], top: 3));
    }

    [TestMethod]
    public void TheCliFindsAnEcgItselfFirstAndSearchesByText()
    {
        string code = RepoPaths.Fixture("data", "hdf5", "code_gzip_shuffle.h5");
        using var temp = new TempFolder();
        var (rc, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", code, "--out", temp.File("e.parquet"));
        Assert.AreEqual(0, rc, error);
        (rc, string output, error) = DBetaCli.Run("search", "--embeddings", temp.File("e.parquet"), "--input", code, "--index", "2", "--model", TinyModels.EcgModel, "--top", "3");
        Assert.AreEqual(0, rc, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var source = new Hdf5EcgSource(code);
        StringAssert.Contains(lines[2], $"   1  {source.GetId(2)}");
        StringAssert.Contains(lines[2], "1.0000");
        Assert.HasCount(5, lines, output);

        (rc, output, error) = DBetaCli.Run("search", "--embeddings", temp.File("e.parquet"), "--input", code, "--model", TinyModels.EcgModel, "--top", "1");
        Assert.AreEqual(0, rc, error);
        StringAssert.Contains(output, $"   1  {source.GetId(0)}", "--index defaults to the first record");
        (rc, _, error) = DBetaCli.Run("search", "--embeddings", temp.File("none.parquet"), "--input", code, "--model", TinyModels.EcgModel);
        Assert.AreEqual(1, rc);
        StringAssert.Contains(error, "embeddings file not found");

        (rc, output, error) = DBetaCli.Run("search", "--embeddings", temp.File("e.parquet"), "--query-text", "atrial fibrillation",
            "--text-model", TinyModels.TextModel, "--tokenizer", RepoPaths.Fixture("tokenizer", "clinical-unigram.model"), "--top", "2");
        Assert.AreEqual(0, rc, error);
        StringAssert.Contains(output, "nearest to \"atrial fibrillation\"");
        (rc, _, error) = DBetaCli.Run("search", "--embeddings", temp.File("e.parquet"), "--top", "2");
        Assert.AreNotEqual(0, rc);
        StringAssert.Contains(error, "give one query");
    }
}
