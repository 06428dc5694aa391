using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// The per-cursor work of an embedding transformer: gathers the input of up to <c>capacity</c> rows, runs the
/// encoder on them at once, and hands out one embedding per row. Not shared between threads.
/// </summary>
internal interface IEmbeddingBatch
{
    /// <summary>Reads the source row's current input into <paramref name="slot"/>; throws a typed error for bad values.</summary>
    void Capture(int slot, long rowPosition);

    /// <summary>Embeds slots 0 .. <paramref name="count"/> - 1.</summary>
    void Run(int count);

    /// <summary>The embedding of <paramref name="slot"/> after <see cref="Run"/>.</summary>
    ReadOnlySpan<float> Embedding(int slot);
}

/// <summary>What the shared batching machinery needs from an ECG or text embedding transformer.</summary>
internal interface IEmbeddingModel
{
    /// <summary>Name of the column the embedding is computed from.</summary>
    string InputColumnName { get; }

    /// <summary>Name of the embedding column added to the data.</summary>
    string OutputColumnName { get; }

    /// <summary>Width of one embedding.</summary>
    int EmbeddingDim { get; }

    /// <summary>Rows per encoder call.</summary>
    int BatchSize { get; }

    /// <summary>Receives progress after each batch, or null.</summary>
    IProgress<EmbeddingProgress>? Progress { get; }

    /// <summary>Throws a schema error naming the column and the expected and actual type when the input column does not fit.</summary>
    DataViewSchema.Column CheckInput(DataViewSchema inputSchema);

    /// <summary>Creates the per-cursor batch reading <paramref name="inputColumn"/> from <paramref name="source"/>.</summary>
    IEmbeddingBatch CreateBatch(DataViewRow source, DataViewSchema.Column inputColumn, int capacity);
}
