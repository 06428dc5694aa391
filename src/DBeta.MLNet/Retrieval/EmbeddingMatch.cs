namespace DBeta.MLNet;

/// <summary>One row an embedding search found: its id, where it came from, and its cosine similarity to the query.</summary>
/// <param name="Id">The record id (the row number when a <c>.npy</c> has no ids file).</param>
/// <param name="SourceFile">The input file the record came from, as the embedding run wrote it (empty for a bare <c>.npy</c>).</param>
/// <param name="RowIndex">The record's row in that input.</param>
/// <param name="Row">The row of the embeddings file.</param>
/// <param name="Cosine">Cosine similarity to the query, in [-1, 1].</param>
public sealed record EmbeddingMatch(string Id, string SourceFile, long RowIndex, long Row, float Cosine);
