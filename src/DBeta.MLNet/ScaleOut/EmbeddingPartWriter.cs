using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// Writes the data files of one part of a sharded run (<c>part-*.parquet</c>, or <c>part-*.npy</c> and <c>part-*.ids.csv</c>,
/// by the manifest's <see cref="EmbeddingPartManifest.PartFormat"/>) from rows in input order, each file appearing
/// atomically, and records their row count, sizes and SHA-256 in the manifest. The caller writes the manifest last:
/// only then does the part count as finished.
/// </summary>
internal static class EmbeddingPartWriter
{
    public static void WriteFiles(EmbeddingPartNames names, EmbeddingPartManifest manifest, EmbeddingRunInfo run, int rowGroupRows, IEnumerable<EmbeddingRowBlock> rows)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(rows);
        if (manifest.PartFormat == "npy")
        {
            using var npy = new NpyStreamWriter(names.Npy, run.EmbeddingDim);
            using var ids = EmbeddingIdsCsv.Create(names.IdsCsv, withRecords: true);
            foreach (var block in rows)
            {
                if (block.Count > 0 && !block.HasRecords) throw new ArgumentException("part rows must carry their record indices", nameof(rows));
                for (int i = 0; i < block.Count; i++)
                {
                    npy.WriteRows(block.Embedding(i));
                    ids.Add(block.Ids[i], block.SourceFiles[i], block.RowIndices[i], block.Records[i]);
                }
            }
            manifest.Rows = npy.RowCount;
            ids.Commit();
            npy.Complete();
            manifest.Files = [EmbeddingPartManifest.Describe(names.Npy), EmbeddingPartManifest.Describe(names.IdsCsv)];
            return;
        }
        var metadata = run.ToMetadata();
        metadata["dbeta.shard"] = new ShardSpec(manifest.ShardIndex, manifest.ShardCount).ToString();
        metadata["dbeta.first_record"] = manifest.FirstRecord.ToString(CultureInfo.InvariantCulture);
        metadata["dbeta.record_count"] = manifest.RecordCount.ToString(CultureInfo.InvariantCulture);
        using var file = new PendingFile(names.Parquet);
        using (var writer = new EmbeddingParquetWriter(file.Stream, run.EmbeddingDim, metadata, rowGroupRows, withRecords: true))
        {
            foreach (var block in rows) writer.Add(block);
            writer.Complete();
            manifest.Rows = writer.RowCount;
        }
        file.Commit();
        manifest.Files = [EmbeddingPartManifest.Describe(names.Parquet)];
    }
}
