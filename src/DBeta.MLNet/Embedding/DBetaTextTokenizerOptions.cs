namespace DBeta.MLNet;

/// <summary>Options of <see cref="DBetaTextTokenizer"/>; the defaults are what D-BETA does with its prompts.</summary>
public sealed record DBetaTextTokenizerOptions
{
    /// <summary>
    /// Lowercase each text before tokenizing (default <see langword="true"/>): D-BETA lowercases its prompt and report
    /// texts, and T5's vocabulary is cased, so "Sinus" and "sinus" give different ids. Lowercases as Python's
    /// <c>str.lower()</c> does (invariant lowercase, plus U+0130 to "i̇" and a word-final capital sigma to "ς").
    /// Set <see langword="false"/> to tokenize texts exactly as given.
    /// </summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>
    /// Longest token sequence, <c>&lt;/s&gt;</c> included (default <see cref="DBetaConfig.MaxTextTokens"/>, 512). Longer
    /// texts keep their first <c>MaxTokens - 1</c> pieces and then <c>&lt;/s&gt;</c>, as Hugging Face's T5 tokenizer does
    /// with <c>truncation=True</c>.
    /// </summary>
    public int MaxTokens { get; init; } = DBetaConfig.Default.MaxTextTokens;

    /// <summary>
    /// Pad every batch to <see cref="MaxTokens"/> instead of to its longest text (default <see langword="false"/>).
    /// T5's attention mask makes both give the same embeddings; a fixed width only helps runtimes that want one shape.
    /// </summary>
    public bool PadToMaxTokens { get; init; }

    /// <summary>D-BETA's prompt settings: lowercase, at most 512 tokens, pad to the longest text.</summary>
    public static DBetaTextTokenizerOptions Default { get; } = new();
}
