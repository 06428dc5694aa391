
namespace DBeta.MLNet;

/// <summary>
/// The text-encoder embeddings of a <see cref="PromptSet"/>: one <c>[D]</c> vector per label, in label order, the
/// class side of D-BETA's zero-shot rule (score = ECG embedding · prompt embedding).
/// </summary>
/// <remarks>
/// Each prompt is tokenized (lowercased by default, as D-BETA does) and embedded on its own, unpadded, so a prompt's
/// vector does not depend on which other prompts share the set.
/// </remarks>
internal sealed class PromptEmbeddings
{
    private readonly float[] _values;

    private PromptEmbeddings(PromptSet prompts, float[] values, int dimension, int[] tokenCounts)
    {
        Prompts = prompts;
        _values = values;
        Dimension = dimension;
        TokenCounts = tokenCounts;
    }

    /// <summary>The prompts that were embedded.</summary>
    public PromptSet Prompts { get; }

    /// <summary>The labels, in the order of the vectors.</summary>
    public IReadOnlyList<string> Labels => Prompts.Labels;

    /// <summary>Number of labels (K).</summary>
    public int Count => Prompts.Count;

    /// <summary>Width of each vector (D), that of the text encoder's output.</summary>
    public int Dimension { get; }

    /// <summary>Tokens of each prompt, <c>&lt;/s&gt;</c> included, in label order.</summary>
    public IReadOnlyList<int> TokenCounts { get; }

    /// <summary>All vectors, row-major <c>[K, D]</c> (a copy).</summary>
    public float[] ToArray() => (float[])_values.Clone();

    /// <summary>The vector of label <paramref name="index"/> (position in <see cref="Labels"/>).</summary>
    public ReadOnlySpan<float> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _values.AsSpan(index * Dimension, Dimension);
        }
    }

    /// <summary>
    /// Embeds <paramref name="prompts"/> with the text encoder <paramref name="textModelPath"/> (<c>dbeta-text.onnx</c>)
    /// fed by the T5 SentencePiece model <paramref name="tokenizerPath"/>; the encoder is released before returning.
    /// </summary>
    /// <exception cref="FileNotFoundException">A model file does not exist.</exception>
    /// <exception cref="ModelFormatException">A model file is not what it should be.</exception>
    public static PromptEmbeddings Compute(PromptSet prompts, string textModelPath, string tokenizerPath,
        DBetaTextTokenizerOptions? tokenization = null, OnnxExecutionOptions? execution = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentException.ThrowIfNullOrEmpty(textModelPath);
        ArgumentException.ThrowIfNullOrEmpty(tokenizerPath);
        var tokenizer = DBetaTextTokenizer.Load(tokenizerPath, tokenization);
        using var encoder = new TextEncoder(textModelPath, execution);
        return Compute(prompts, tokenizer, encoder);
    }

    /// <summary>Embeds <paramref name="prompts"/> with an open tokenizer and encoder.</summary>
    public static PromptEmbeddings Compute(PromptSet prompts, DBetaTextTokenizer tokenizer, TextEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(encoder);
        int d = encoder.EmbeddingDim;
        var values = new float[prompts.Count * d];
        var tokenCounts = new int[prompts.Count];
        for (int i = 0; i < prompts.Count; i++)
        {
            var batch = tokenizer.EncodeBatch([prompts.Descriptions[i]]);
            tokenCounts[i] = batch.Lengths[0];
            encoder.Embed(batch, values.AsMemory(i * d, d));
        }
        foreach (float v in values)
            if (!float.IsFinite(v))
                throw new ModelFormatException(encoder.ModelPath, "gave NaN or infinite values for a prompt; the weights are unusable");
        return new PromptEmbeddings(prompts, values, d, tokenCounts);
    }
}
