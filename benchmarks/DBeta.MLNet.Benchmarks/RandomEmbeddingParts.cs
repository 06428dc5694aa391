using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// The finished parts of a sharded run over CODE-15-shaped inputs (<c>exams_part0.hdf5</c> .. in as many files as
/// parts, one file per part), holding seeded random embeddings instead of encoder outputs: written by the same part
/// writer and manifest as <c>dbeta embed --parts</c>, so <c>dbeta merge</c> checks and merges them as it would real ones.
/// </summary>
internal static class RandomEmbeddingParts
{
    /// <summary>Writes <paramref name="parts"/> parts of <paramref name="rows"/> rows of width <paramref name="dim"/> into <paramref name="folder"/>.</summary>
    public static void Write(string folder, int rows, int parts, int dim, int seed)
    {
        Directory.CreateDirectory(folder);
        var inputs = new List<EcgInput>();
        for (int k = 0; k < parts; k++)
        {
            var (first, count) = new ShardSpec(k, parts).RangeOf(rows);
            inputs.Add(new EcgInput($"exams_part{k}.hdf5", count, first));
        }
        var run = new EmbeddingRunInfo
        {
            ModelSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("random embeddings of the merge benchmark"))),
            EmbeddingDim = dim,
            Preprocessing = "{\"source_rate\":400,\"target_rate\":500,\"target_length\":5000,\"anchor\":\"Center\",\"standardize\":false}",
            Inputs = inputs,
        };
        for (int k = 0; k < parts; k++)
        {
            var shard = new ShardSpec(k, parts);
            var (first, count) = shard.RangeOf(rows);
            var manifest = new EmbeddingPartManifest { ShardIndex = k, ShardCount = parts, FirstRecord = first, RecordCount = count, PartFormat = "parquet" };
            manifest.SetRun(run);
            var names = new EmbeddingPartNames(folder, shard);
            EmbeddingPartWriter.WriteFiles(names, manifest, run, rowGroupRows: 8192, Blocks(inputs[k], dim, new Random(seed + k)));
            manifest.Write(names.Manifest);
        }
    }

    /// <summary>The rows of one input in blocks of 1,024 (one block object, refilled: the writer copies each row).</summary>
    private static IEnumerable<EmbeddingRowBlock> Blocks(EcgInput input, int dim, Random random)
    {
        var block = new EmbeddingRowBlock(dim);
        var embedding = new float[dim];
        for (int row = 0; row < input.RecordCount; row++)
        {
            for (int i = 0; i < dim; i++) embedding[i] = random.NextSingle() * 2 - 1;
            block.Add((1_000_000 + input.FirstRecord + row).ToString(CultureInfo.InvariantCulture), input.Path, row, embedding);
            if (block.Count == 1024)
            {
                yield return block;
                block.Clear();
            }
        }
        if (block.Count > 0) yield return block;
    }
}
