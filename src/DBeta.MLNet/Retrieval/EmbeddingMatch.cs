namespace DBeta.MLNet;

/// <summary>One row an embedding search found: its id, where it came from, and its cosine similarity to the query.</summary>
/// <param name="Id">The record id (the row number when a <c>.npy</c> has no ids file).</param>
/// <param name="SourceFile">The file that holds the record, as the embedding run wrote it: an HDF5 or <c>.npy</c> input, a WFDB record's own <c>.hea</c>, a CODE-15% exam's HDF5 part (empty for a bare <c>.npy</c>).</param>
/// <param name="RowIndex">The record's row in that file (0 for a WFDB record; with windows, the window's number in its record).</param>
/// <param name="Row">The row of the embeddings file.</param>
/// <param name="Cosine">Cosine similarity to the query, in [-1, 1].</param>
public sealed record EmbeddingMatch(string Id, string SourceFile, long RowIndex, long Row, float Cosine);
