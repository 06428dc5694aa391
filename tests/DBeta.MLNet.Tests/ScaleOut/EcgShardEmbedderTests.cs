using Microsoft.ML;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.ScaleOut;

/// <summary><see cref="EcgShardEmbedder"/> in-process: cancellation keeps a checkpoint, the next run resumes from it, finished parts are skipped.</summary>
[TestClass]
public sealed class EcgShardEmbedderTests
{
    [TestMethod]
    public void CancelledShardResumesFromItsCheckpointAndAFinishedPartIsSkipped()
    {
        using var temp = new TempFolder();
        using var inputs = EmbeddingPartsMergerTests.CopyInputs(temp);
        string parts = temp.File("parts"), reference = temp.File("reference");
        var shard = new ShardSpec(0, 1);
        EmbeddingPartsMergerTests.Embed(inputs, reference, shard);

        // Cancel after the third batch, as Ctrl+C or a SIGTERM from the scheduler would.
        using var cancel = new CancellationTokenSource();
        var progress = new Reports(report => { if (report.RowsDone >= 6) cancel.Cancel(); });
        Assert.ThrowsExactly<OperationCanceledException>(() => EmbeddingPartsMergerTests.Embed(inputs, parts, shard, progress: progress, cancellationToken: cancel.Token));
        var names = new EmbeddingPartNames(parts, shard);
        Assert.IsFalse(File.Exists(names.Manifest));
        Assert.IsFalse(File.Exists(names.Parquet), "no partial part");
        Assert.IsNotEmpty(names.Segments());

        var resumed = EmbeddingPartsMergerTests.Embed(inputs, parts, shard);
        // Rows handed out before the cancellation are kept: the third batch's first row at least.
        Assert.IsGreaterThanOrEqualTo(5, resumed.ResumedAfter);
        Assert.IsLessThan(inputs.Count, resumed.ResumedAfter);
        Assert.AreEqual(inputs.Count, (int)resumed.Rows);
        CollectionAssert.AreEqual(Embeddings(new EmbeddingPartNames(reference, shard).Parquet), Embeddings(names.Parquet),
            "the resumed part holds the same embeddings as an uninterrupted one");

        var again = EmbeddingPartsMergerTests.Embed(inputs, parts, shard);
        Assert.IsTrue(again.AlreadyDone);
    }

    [TestMethod]
    public void OneWorkerPerShardAndCheckpointsOfAnotherModelAreRefused()
    {
        using var temp = new TempFolder();
        using var inputs = EmbeddingPartsMergerTests.CopyInputs(temp);
        string parts = temp.File("parts");
        var shard = new ShardSpec(1, 2);
        var names = new EmbeddingPartNames(parts, shard);
        using (ShardCheckpoint.Acquire(names))
        {
            var e = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingPartsMergerTests.Embed(inputs, parts, shard));
            StringAssert.Contains(e.Message, "another worker is writing part-00001-of-00002");
        }

        // A checkpoint segment from another model: the worker stops instead of mixing embeddings.
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsExactly<OperationCanceledException>(() => EmbeddingPartsMergerTests.Embed(inputs, parts, shard,
            progress: new Reports(_ => cancel.Cancel()), cancellationToken: cancel.Token));
        string segment = names.Segments()[0];
        Dictionary<string, string> metadata;
        EmbeddingRowBlock rows;
        using (var reader = EmbeddingParquetReader.Open(segment)) { metadata = new(reader.Metadata); rows = reader.ReadRowGroup(0); }
        metadata["dbeta.model_sha256"] = new string('f', 64);
        AtomicFile.Write(segment, stream =>
        {
            using var writer = new EmbeddingParquetWriter(stream, rows.EmbeddingDim, metadata, withRecords: true);
            writer.Add(rows);
            writer.Complete();
        });
        var refused = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingPartsMergerTests.Embed(inputs, parts, shard));
        StringAssert.Contains(refused.Message, "was written by another run (model SHA-256");
    }

    [TestMethod]
    public void EmbedToFileLeavesNoOutputWhenCancelledAndTheSameCallFinishesIt()
    {
        using var temp = new TempFolder();
        using var inputs = EmbeddingPartsMergerTests.CopyInputs(temp);
        string output = temp.File("emb.npy"), reference = temp.File("reference.npy");
        EmbeddingMergeResult Run(string path, CancellationToken token = default, IProgress<EmbeddingProgress>? progress = null) =>
            EcgShardEmbedder.EmbedToFile(new MLContext(), inputs, new EcgShardEmbedderOptions
            {
                Embedding = new EcgEmbeddingOptions { ModelPath = TinyModels.EcgModel, BatchSize = 2, IntraOpThreads = 1, Progress = progress },
                CheckpointBatches = 1,
            }, path, cancellationToken: token);
        Run(reference);

        using var cancel = new CancellationTokenSource();
        Assert.ThrowsExactly<OperationCanceledException>(() => Run(output, cancel.Token, new Reports(r => { if (r.RowsDone >= 4) cancel.Cancel(); })));
        Assert.IsFalse(File.Exists(output), "an interrupted run leaves no output");
        CollectionAssert.AreEquivalent(new[] { "code_chunked.h5", "code_contiguous.h5", "code_gzip_shuffle.h5", "reference.npy" },
            Directory.GetFiles(temp.Path).Select(Path.GetFileName).ToArray(), "no partial or temporary file beside the output");
        Assert.IsTrue(Directory.Exists(EcgShardEmbedder.CheckpointFolderFor(output)));

        var result = Run(output);
        Assert.AreEqual(inputs.Count, (int)result.Rows);
        CollectionAssert.AreEqual(File.ReadAllBytes(reference), File.ReadAllBytes(output));
        Assert.IsFalse(Directory.Exists(EcgShardEmbedder.CheckpointFolderFor(output)), "the checkpoint is removed once the output is written");
    }

    private static float[] Embeddings(string parquet)
    {
        using var reader = EmbeddingParquetReader.Open(parquet);
        return [.. Enumerable.Range(0, reader.RowGroupCount).SelectMany(g => reader.ReadRowGroup(g).Values.ToArray())];
    }

    internal sealed class Reports(Action<EmbeddingProgress> report) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => report(value);
    }
}
