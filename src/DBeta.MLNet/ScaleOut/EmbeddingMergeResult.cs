namespace DBeta.MLNet;

/// <summary>What <see cref="EmbeddingPartsMerger.Merge"/> wrote.</summary>
/// <param name="OutputPath">The merged file.</param>
/// <param name="Parts">Parts merged.</param>
/// <param name="Rows">Embeddings written, in input order.</param>
/// <param name="RecordCount">Input records (rows plus dropped).</param>
/// <param name="DroppedIds">Ids of the records the workers dropped for NaN/Inf values.</param>
/// <param name="Run">The model, preprocessing and inputs every part shares.</param>
internal sealed record EmbeddingMergeResult(string OutputPath, int Parts, long Rows, int RecordCount, IReadOnlyList<string> DroppedIds, EmbeddingRunInfo Run);
