using Microsoft.ML;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.ScaleOut;

/// <summary><see cref="EmbeddingPartsMerger"/>: parts that do not add up are refused with the missing and duplicated records named.</summary>
[TestClass]
public sealed class EmbeddingPartsMergerTests
{
    private static readonly string[] Files = ["code_chunked.h5", "code_contiguous.h5", "code_gzip_shuffle.h5"];

    [TestMethod]
    public void MissingPartAndDuplicatedRecordAreNamedAndNothingIsWritten()
    {
        using var temp = new TempFolder();
        using var inputs = CopyInputs(temp);
        string parts = temp.File("parts");
        for (int i = 0; i < 3; i++) Embed(inputs, parts, new ShardSpec(i, 4)); // shard 3 of 4 never ran

        // Part 1 also holds the first record of part 2, with a manifest that matches its new file.
        var one = new EmbeddingPartNames(parts, new ShardSpec(1, 4));
        var two = new EmbeddingPartNames(parts, new ShardSpec(2, 4));
        EmbeddingRowBlock rows, stolen;
        IReadOnlyDictionary<string, string> metadata;
        using (var reader = EmbeddingParquetReader.Open(one.Parquet)) { rows = reader.ReadRowGroup(0); metadata = reader.Metadata; }
        using (var reader = EmbeddingParquetReader.Open(two.Parquet)) stolen = reader.ReadRowGroup(0);
        rows.Add(stolen, 0);
        AtomicFile.Write(one.Parquet, stream =>
        {
            using var writer = new EmbeddingParquetWriter(stream, rows.EmbeddingDim, metadata, withRecords: true);
            writer.Add(rows);
            writer.Complete();
        });
        var manifest = EmbeddingPartManifest.Read(one.Manifest);
        manifest.Rows = rows.Count;
        manifest.Files = [EmbeddingPartManifest.Describe(one.Parquet)];
        manifest.Write(one.Manifest);

        string output = temp.File("all.parquet");
        var e = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingPartsMerger.Merge(parts, output));
        var (first3, count3) = new ShardSpec(3, 4).RangeOf(inputs.Count);
        var (missingInput, missingRow) = inputs.Locate(first3);
        StringAssert.Contains(e.Message, $"part 3 of 4 (part-00003-of-00004.json) is missing: records {first3}..{first3 + count3 - 1} ({missingInput.Path} rows {missingRow}..{missingRow + count3 - 1})");
        var (dupInput, dupRow) = inputs.Locate(new ShardSpec(2, 4).RangeOf(inputs.Count).First);
        StringAssert.Contains(e.Message, $"record {dupInput.Path} row {dupRow} (id {stolen.Ids[0]}) is duplicated: in part-00002-of-00004 and part-00001-of-00004");
        StringAssert.StartsWith(e.Message, parts);
        Assert.IsFalse(File.Exists(output));
        CollectionAssert.AreEquivalent(Files, Directory.GetFiles(temp.Path).Select(Path.GetFileName).ToArray(), "no output and no temporary file beside the inputs");

        // The CLI says the same in one error line and no stack trace.
        var (code, _, error) = DBetaCli.Run("merge", "--parts", parts, "--out", output);
        Assert.AreEqual(1, code);
        StringAssert.StartsWith(error, "error: ");
        StringAssert.Contains(error, "part 3 of 4");
        StringAssert.Contains(error, "is duplicated");
        Assert.DoesNotContain("   at ", error);
    }

    [TestMethod]
    public void PartsOfAnotherModelOrAChangedFileAreRefused()
    {
        using var temp = new TempFolder();
        using var inputs = CopyInputs(temp);
        string parts = temp.File("parts");
        for (int i = 0; i < 2; i++) Embed(inputs, parts, new ShardSpec(i, 2));
        string output = temp.File("all.npy");
        var result = EmbeddingPartsMerger.Merge(parts, output, new EmbeddingMergeOptions { IdsCsvPath = temp.File("ids.csv") });
        Assert.AreEqual(inputs.Count, (int)result.Rows);
        Assert.HasCount(inputs.Count + 1, File.ReadAllLines(temp.File("ids.csv")));
        File.Delete(output);

        var second = new EmbeddingPartNames(parts, new ShardSpec(1, 2));
        string original = File.ReadAllText(second.Manifest);
        var manifest = EmbeddingPartManifest.Read(second.Manifest);
        manifest.ModelSha256 = new string('0', 64);
        manifest.Write(second.Manifest);
        var e = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingPartsMerger.Merge(parts, output));
        StringAssert.Contains(e.Message, "was written by another run than part-00000-of-00002.json: model SHA-256");

        File.WriteAllText(second.Manifest, original);
        using (var stream = new FileStream(second.Parquet, FileMode.Open)) { stream.Position = 100; stream.WriteByte(0x5A); }
        e = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingPartsMerger.Merge(parts, output));
        StringAssert.Contains(e.Message, "does not match its manifest");
        Assert.IsFalse(File.Exists(output));
    }

    internal static EcgInputSet CopyInputs(TempFolder temp)
    {
        foreach (string file in Files) File.Copy(RepoPaths.Fixture("data", "hdf5", file), temp.File(file));
        return EcgInputSet.Open([temp.File("code_*.h5")]);
    }

    internal static EmbeddingPartResult Embed(EcgInputSet inputs, string parts, ShardSpec shard, int checkpointBatches = 1,
        IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        EcgShardEmbedder.Run(new MLContext(), inputs, new EcgShardEmbedderOptions
        {
            Embedding = new EcgEmbeddingOptions { ModelPath = TinyModels.EcgModel, BatchSize = 2, IntraOpThreads = 1, Progress = progress },
            PartsFolder = parts,
            Shard = shard,
            CheckpointBatches = checkpointBatches,
        }, cancellationToken);
}
