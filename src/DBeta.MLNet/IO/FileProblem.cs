namespace DBeta.MLNet;

/// <summary>
/// Makes the exception for a file that cannot be read as it is. Format readers take one from their caller, which knows
/// what the file was meant to hold (ECGs: <c>EcgDataException</c>; embeddings: <c>EmbeddingFileException</c>),
/// so that IO/ needs no type of the folders that use it.
/// </summary>
internal delegate Exception FileProblem(string path, string problem);
