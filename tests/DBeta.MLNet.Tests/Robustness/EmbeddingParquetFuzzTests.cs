using System.Buffers.Binary;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated DBeta embedding Parquet files through <c>mlContext.Data.LoadEmbeddingsFromParquet</c> and a cursor over every
/// row: footer (Thrift metadata, key-value metadata, footer length, magic) and page bytes changed, cut or extended.
/// A file that reads must give as many rows as its footer claims, each with an id, a source file and an embedding of
/// the view's width, and, when only the key-value metadata text was changed, exactly the rows that were written.
/// </summary>
[TestClass]
public sealed class EmbeddingParquetFuzzTests
{
    private const int Dim = 5, Rows = 11;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void MutatedParquetEmbeddingsEndInATypedErrorOrTheirRows()
    {
        byte[] original = Write();
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(original.AsSpan(original.Length - 8));
        int footerStart = original.Length - 8 - footerLength;
        int metadataAt = ByteMutator.IndexOf(original, "dbeta."u8, footerStart);
        var ml = new MLContext();
        var campaign = new FuzzCampaign("Parquet (LoadEmbeddingsFromParquet)", seed: 0x5051)
        {
            // A Thrift field read with another type than its wire type can claim a string length Parquet.Net allocates before reading.
            KnownOverAllocation = e => e is EmbeddingFileException { InnerException: var inner }
                && (inner is OutOfMemoryException || (inner is IOException && inner.Message.Contains("bytes are available", StringComparison.Ordinal)))
                ? "(Parquet.Net allocated a claimed size first)" : null,
        };
        var report = campaign.Run((rng, folder) =>
        {
            string what;
            byte[] bytes = rng.Next(8) switch
            {
                0 => MetadataText(original, metadataAt, rng, out what),
                1 => FooterLength(original, rng, out what),
                < 6 => ByteMutator.Mutate(original, rng, out what, [(footerStart, footerLength + 8)]),
                _ => ByteMutator.Mutate(original, rng, out what, [(0, footerStart)]),
            };
            string path = Path.Combine(folder, "e.parquet");
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, what);
        }, input =>
        {
            var view = (EmbeddingParquetDataView)ml.Data.LoadEmbeddingsFromParquet(input.Path);
            var rows = ReadAll(view);
            EcgSourceProbe.Check(view.EmbeddingDim > 0, $"embedding width {view.EmbeddingDim}");
            EcgSourceProbe.Check(rows.Count == view.GetRowCount(), $"{rows.Count} rows read, the footer says {view.GetRowCount()}");
            foreach (var (id, file, _, embedding) in rows)
                EcgSourceProbe.Check(id is not null && file is not null && embedding.Length == view.EmbeddingDim, $"row '{id}' has {embedding.Length} values for width {view.EmbeddingDim}");
            if (input.Mutation.StartsWith("metadata text", StringComparison.Ordinal) && File.ReadAllBytes(input.Path).Length == original.Length)
                for (int r = 0; r < rows.Count; r++)
                    EcgSourceProbe.Check(rows[r].Id == $"exam{r}" && rows[r].Embedding.SequenceEqual(Embedding(r)), $"row {r} is not the row written");
        });
        report.AssertClean(TestContext);
    }

    internal static byte[] Write()
    {
        using var stream = new MemoryStream();
        using (var writer = new EmbeddingParquetWriter(stream, Dim, new Dictionary<string, string> { ["dbeta.model_sha256"] = "abc123" }, rowGroupRows: 4))
        {
            for (int r = 0; r < Rows; r++) writer.Add($"exam{r}", r < 6 ? "a.h5" : "b.h5", r < 6 ? r : r - 6, Embedding(r));
            writer.Complete();
        }
        return stream.ToArray();
    }

    private static float[] Embedding(int row) => [.. Enumerable.Range(0, Dim).Select(d => row * 10f + d + 0.25f)];

    internal static List<(string Id, string File, long Row, float[] Embedding)> ReadAll(IDataView view)
    {
        var result = new List<(string, string, long, float[])>();
        var schema = view.Schema;
        using var cursor = view.GetRowCursor(schema);
        var getId = cursor.GetGetter<ReadOnlyMemory<char>>(schema["Id"]);
        var getFile = cursor.GetGetter<ReadOnlyMemory<char>>(schema["SourceFile"]);
        var getRow = cursor.GetGetter<long>(schema["RowIndex"]);
        var getEmbedding = cursor.GetGetter<VBuffer<float>>(schema["Embedding"]);
        ReadOnlyMemory<char> id = default, file = default;
        long row = 0;
        VBuffer<float> embedding = default;
        while (cursor.MoveNext())
        {
            getId(ref id);
            getFile(ref file);
            getRow(ref row);
            getEmbedding(ref embedding);
            result.Add((id.ToString(), file.ToString(), row, embedding.DenseValues().ToArray()));
        }
        return result;
    }

    // The key-value metadata is Thrift text inside the footer: change its characters without moving anything.
    private static byte[] MetadataText(byte[] original, int at, Random rng, out string what)
    {
        var bytes = (byte[])original.Clone();
        int offset = at + rng.Next(64);
        byte value = (byte)"09-x\0\"{}."[rng.Next(9)];
        bytes[offset] = value;
        what = $"metadata text byte {offset} = 0x{value:x2}";
        return bytes;
    }

    private static byte[] FooterLength(byte[] original, Random rng, out string what)
    {
        var bytes = (byte[])original.Clone();
        int value = new[] { 0, 1, -1, 4, int.MaxValue, int.MinValue, original.Length, original.Length - 8, original.Length - 7, 1 << 20 }[rng.Next(10)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), value);
        what = $"footer length {value}";
        return bytes;
    }
}
