using System.Text.RegularExpressions;
using DBeta.MLNet.Tests.TestSupport;
using DuckDB.NET.Data;
using Microsoft.ML;

namespace DBeta.MLNet.Tests.IO;

/// <summary>
/// Every Parquet file the project writes (a shard's parts, the merged file, <c>dbeta embed --out x.parquet</c>) read
/// back by DuckDB, an independent Parquet reader that analysts use, and compared with what was written: ids, order,
/// and every float's bits; and the SQL recipe of docs/scale-out.md run as written.
/// </summary>
[TestClass]
public sealed class EmbeddingParquetDuckDbTests
{
    private static readonly int[] FileSizes = [7, 12, 5];
    private static readonly Lazy<Outputs> Written = new(Write);

    private sealed record Outputs(string Folder, string Single, string Merged, string[] Parts);

    [TestMethod]
    public void DuckDbReadsEveryParquetFileAsWritten()
    {
        var outputs = Written.Value;
        Assert.HasCount(2, outputs.Parts);
        foreach (string path in (string[])[outputs.Single, outputs.Merged, .. outputs.Parts])
        {
            var ours = EmbeddingParquetRows.Read(path);
            var duck = Duck($"SELECT id, source_file, row_index, embedding FROM read_parquet('{path}')");
            Assert.HasCount(ours.Count, duck, Path.GetFileName(path));
            for (int i = 0; i < ours.Count; i++)
            {
                Assert.AreEqual(ours[i].Id, (string)duck[i][0], $"{Path.GetFileName(path)} row {i}: id");
                Assert.AreEqual(ours[i].SourceFile, (string)duck[i][1], $"{Path.GetFileName(path)} row {i}: source file");
                Assert.AreEqual(ours[i].RowIndex, (long)duck[i][2], $"{Path.GetFileName(path)} row {i}: row index");
                var floats = ((System.Collections.IEnumerable)duck[i][3]).Cast<object>().Select(Convert.ToSingle).ToArray();
                CollectionAssert.AreEqual(ours[i].Embedding.Select(BitConverter.SingleToInt32Bits).ToArray(),
                    floats.Select(BitConverter.SingleToInt32Bits).ToArray(), $"{Path.GetFileName(path)} row {i}: the embedding's bits");
            }
        }
        Assert.HasCount(FileSizes.Sum(), EmbeddingParquetRows.Read(outputs.Merged));
    }

    [TestMethod]
    public void TheScaleOutDocsSqlRecipeRunsAsWritten()
    {
        string merged = Written.Value.Merged;
        string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "scale-out.md"));
        var block = Regex.Match(doc, "```sql\\n(.*?)```", RegexOptions.Singleline);
        Assert.IsTrue(block.Success, "docs/scale-out.md has a ```sql block");
        string[] queries = [.. block.Groups[1].Value.Split(';').Select(q => q.Trim()).Where(q => q.Split('\n').Any(l => l.Length > 0 && !l.StartsWith("--")))];
        Assert.HasCount(2, queries, "the count per source file and the nearest neighbours");
        string Real(string sql) => sql.Replace("'embeddings.parquet'", $"'{merged}'");

        var ours = EmbeddingParquetRows.Read(merged);
        var counts = Duck(Real(queries[0]));
        var expected = ours.GroupBy(r => r.SourceFile).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count())).ToArray();
        CollectionAssert.AreEqual(expected, counts.Select(r => ((string)r[0], Convert.ToInt64(r[1]))).ToArray(), "records per input file");
        CollectionAssert.AreEqual(FileSizes.Select(n => (long)n).ToArray(), expected.Select(e => e.Item2).ToArray());

        var nearest = Duck(Real(queries[1]));
        Assert.HasCount(5, nearest);
        var query = ours[0].Embedding;
        var byCosine = ours.Select(r => (r.Id, r.SourceFile, r.RowIndex, Cosine: Cosine(query, r.Embedding)))
            .OrderByDescending(r => r.Cosine).ThenBy(r => r.SourceFile, StringComparer.Ordinal).ThenBy(r => r.RowIndex).Take(5).ToArray();
        for (int k = 0; k < 5; k++)
        {
            Assert.AreEqual(byCosine[k].SourceFile, (string)nearest[k][1], $"neighbour {k}");
            Assert.AreEqual(byCosine[k].RowIndex, (long)nearest[k][2], $"neighbour {k}");
            Assert.AreEqual(byCosine[k].Cosine, Convert.ToDouble(nearest[k][3]), 1e-5, $"neighbour {k}: cosine");
        }
        Assert.AreEqual(1.0, Convert.ToDouble(nearest[0][3]), 1e-5, "the first record is its own nearest neighbour");
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) (dot, na, nb) = (dot + a[i] * (double)b[i], na + a[i] * (double)a[i], nb + b[i] * (double)b[i]);
        return dot / Math.Sqrt(na * nb);
    }

    private static List<object[]> Duck(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    private static Outputs Write()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dbeta-tests", "duckdb-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        var random = new Random(11);
        const int samples = 250;
        for (int f = 0; f < FileSizes.Length; f++)
        {
            var data = new float[FileSizes[f] * 12 * samples];
            for (int i = 0; i < data.Length; i++) data[i] = (float)(Math.Sin(i * 0.21 + f) * 0.6 + random.NextDouble() * 0.3 - 0.15);
            NpyWriter.Write(Path.Combine(folder, $"ecg_{(char)('a' + f)}.npy"), data, FileSizes[f], 12, samples);
        }
        string glob = Path.Combine(folder, "ecg_*.npy");
        string[] common = ["--model", TinyModels.EcgModel, "--input", glob, "--rate", "25", "--layout", "LeadMajor", "--threads", "1", "--batch-size", "4"];
        string single = Path.Combine(folder, "single.parquet"), parts = Path.Combine(folder, "parts"), merged = Path.Combine(folder, "merged.parquet");
        Run(["embed", .. common, "--out", single]);
        Run(["embed", .. common, "--parts", parts, "--shard", "0/2"]);
        Run(["embed", .. common, "--parts", parts, "--shard", "1/2"]);
        Run(["merge", "--parts", parts, "--out", merged]);
        return new Outputs(folder, single, merged, Directory.GetFiles(parts, "*.parquet").Order(StringComparer.Ordinal).ToArray());
    }

    private static void Run(string[] args)
    {
        var (code, _, error) = DBetaCli.Run(args);
        Assert.AreEqual(0, code, $"dbeta {string.Join(' ', args)}: {error}");
    }
}
