using Microsoft.ML;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>The rows of a DBeta embedding Parquet file as the library reads them, and their bit-for-bit comparison.</summary>
internal static class EmbeddingParquetRows
{
    public sealed class Row
    {
        public string Id { get; set; } = "";
        public string SourceFile { get; set; } = "";
        public long RowIndex { get; set; }
        public float[] Embedding { get; set; } = [];
    }

    /// <summary>Every row of <paramref name="path"/>, in file order, through <c>LoadEmbeddingsFromParquet</c>.</summary>
    public static List<Row> Read(string path)
    {
        var ml = new MLContext();
        return [.. ml.Data.CreateEnumerable<Row>(ml.Data.LoadEmbeddingsFromParquet(path), reuseRowObject: false)];
    }

    /// <summary>
    /// <paramref name="actual"/> holds <paramref name="expectedCount"/> records, each once, equal row by row to
    /// <paramref name="expected"/>: id, source, row and every float's bits.
    /// </summary>
    public static void AssertSame(string expected, string actual, int expectedCount)
    {
        var want = Read(expected);
        var got = Read(actual);
        Assert.HasCount(expectedCount, want);
        Assert.HasCount(want.Count, got, "no record missing or duplicated");
        Assert.HasCount(want.Count, got.Select(r => (r.SourceFile, r.RowIndex)).Distinct());
        for (int i = 0; i < want.Count; i++)
        {
            Assert.AreEqual(want[i].Id, got[i].Id, $"row {i}");
            Assert.AreEqual(want[i].SourceFile, got[i].SourceFile, $"row {i}");
            Assert.AreEqual(want[i].RowIndex, got[i].RowIndex, $"row {i}");
            CollectionAssert.AreEqual(want[i].Embedding.Select(BitConverter.SingleToInt32Bits).ToArray(),
                got[i].Embedding.Select(BitConverter.SingleToInt32Bits).ToArray(), $"row {i}: the embedding's bits");
        }
    }
}
