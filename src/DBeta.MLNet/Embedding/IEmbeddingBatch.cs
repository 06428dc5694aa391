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
