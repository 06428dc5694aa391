using Microsoft.ML.Tokenizers;

namespace DBeta.MLNet;

/// <summary>
/// Tokenizes texts for D-BETA's text encoder (Flan-T5) from a T5 SentencePiece <c>spiece.model</c>, with the ids
/// <c>python3-sentencepiece</c> gives: <c>encode(text)</c> followed by <c>&lt;/s&gt;</c>, truncated to
/// <see cref="DBetaTextTokenizerOptions.MaxTokens"/> with <c>&lt;/s&gt;</c> kept last, and optionally lowercased first.
/// Safe to share between threads.
/// </summary>
/// <remarks>
/// The model is also loaded as a Microsoft.ML.Tokenizers <see cref="SentencePieceTokenizer"/> (<see cref="Tokenizer"/>),
/// for ML.NET components that take one. Encoding does not go through it (3.0.0 still differs from sentencepiece, a test says where): on T5 models its 2.0.1 release emits one
/// <c>&lt;unk&gt;</c> per unknown character, keeps characters the model's normalization deletes (controls, U+FEFF,
/// zero-width spaces), and settles near-ties between segmentations in float rather than double precision, each of
/// which changes ids that sentencepiece, and so D-BETA, produces.
/// </remarks>
internal sealed class DBetaTextTokenizer
{
    // A fixed batch width beyond this is a mistake (T5 was trained on 512), not a shape anyone can run.
    private const int MaxPaddedWidth = 1 << 16;

    private readonly SentencePieceTextNormalizer _normalizer;
    private readonly SentencePieceUnigramSegmenter _segmenter;

    private DBetaTextTokenizer(
        SentencePieceModelFile model,
        SentencePieceTextNormalizer normalizer,
        SentencePieceUnigramSegmenter segmenter,
        SentencePieceTokenizer tokenizer,
        DBetaTextTokenizerOptions options)
    {
        _normalizer = normalizer;
        _segmenter = segmenter;
        Tokenizer = tokenizer;
        Options = options;
        ModelPath = model.Path;
        VocabularySize = model.PieceCount;
        PadId = model.PadId;
        EndOfSentenceId = model.EndOfSentenceId;
        UnknownId = model.UnknownId;
    }

    /// <summary>The model file this tokenizer was loaded from.</summary>
    public string ModelPath { get; }

    /// <summary>The options in effect.</summary>
    public DBetaTextTokenizerOptions Options { get; }

    /// <summary>Pieces in the model file; every id this tokenizer emits is below it (32000 for T5).</summary>
    public int VocabularySize { get; }

    /// <summary>Id of <c>&lt;pad&gt;</c>, used to right-pad batches (0 for T5).</summary>
    public int PadId { get; }

    /// <summary>Id of <c>&lt;/s&gt;</c>, appended to every text (1 for T5).</summary>
    public int EndOfSentenceId { get; }

    /// <summary>Id of <c>&lt;unk&gt;</c>; a run of unknown characters gives one such id (2 for T5).</summary>
    public int UnknownId { get; }

    /// <summary>
    /// The same model as a Microsoft.ML.Tokenizers tokenizer (no bos or eos added), for ML.NET APIs that take a
    /// <see cref="Microsoft.ML.Tokenizers.Tokenizer"/>. A T5 model without a bos piece gets one CONTROL piece <c>&lt;s&gt;</c>
    /// appended (id <see cref="VocabularySize"/>) so the library can load it. Its ids can differ from <see cref="Encode"/>'s (see remarks).
    /// </summary>
    public SentencePieceTokenizer Tokenizer { get; }

    /// <summary>
    /// Loads a unigram SentencePiece model such as T5's <c>spiece.model</c>. Throws <see cref="ModelFormatException"/>
    /// when the file is not a SentencePiece model, is not unigram, or lacks an unk, eos or pad piece.
    /// </summary>
    public static DBetaTextTokenizer Load(string modelPath, DBetaTextTokenizerOptions? options = null)
    {
        options ??= DBetaTextTokenizerOptions.Default;
        if (options.MaxTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTokens, "MaxTokens must be at least 1 (room for </s>)");
        if (options.PadToMaxTokens && options.MaxTokens > MaxPaddedWidth)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTokens, $"PadToMaxTokens needs MaxTokens <= {MaxPaddedWidth}");

        SentencePieceModelFile model = SentencePieceModelFile.Read(modelPath);
        var normalizer = new SentencePieceTextNormalizer(model.Proto, modelPath);
        var segmenter = new SentencePieceUnigramSegmenter(model.Proto);
        SentencePieceTokenizer tokenizer;
        try
        {
            using var stream = new MemoryStream(model.ForTokenizers(), writable: false);
            tokenizer = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The library's own checks surface as assorted exception types; report them against the file.
            throw new ModelFormatException(modelPath, $"Microsoft.ML.Tokenizers cannot load this SentencePiece model: {e.Message}", e);
        }
        return new DBetaTextTokenizer(model, normalizer, segmenter, tokenizer, options);
    }

    /// <summary>
    /// The text as it is segmented: lowercased as Python's <c>str.lower()</c> does when
    /// <see cref="DBetaTextTokenizerOptions.Lowercase"/> is set, then normalized by the model's rules (NFKC for T5),
    /// whitespace runs collapsed and trimmed, spaces written as <c>▁</c>, one <c>▁</c> in front.
    /// </summary>
    public string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _normalizer.Normalize(Options.Lowercase ? PythonLowercase.ToLower(text) : text);
    }

    /// <summary>The ids of one text: its pieces, then <c>&lt;/s&gt;</c>; at most <see cref="DBetaTextTokenizerOptions.MaxTokens"/>.</summary>
    public int[] Encode(string text)
    {
        List<(int Id, int Start, int Length)> pieces = _segmenter.Segment(Normalize(text));
        int kept = Math.Min(pieces.Count, Options.MaxTokens - 1);
        var ids = new int[kept + 1];
        for (int i = 0; i < kept; i++) ids[i] = pieces[i].Id;
        ids[kept] = EndOfSentenceId;
        return ids;
    }

    /// <summary>
    /// The tokens of one text as <see cref="Encode"/> gives them, with their pieces (an unknown run's piece is the
    /// normalized text it covers, as sentencepiece reports it); for inspection and the CLI's <c>tokenize --pieces</c>.
    /// </summary>
    public IReadOnlyList<TextToken> Tokenize(string text)
    {
        string normalized = Normalize(text);
        List<(int Id, int Start, int Length)> pieces = _segmenter.Segment(normalized);
        int kept = Math.Min(pieces.Count, Options.MaxTokens - 1);
        var tokens = new TextToken[kept + 1];
        for (int i = 0; i < kept; i++)
        {
            var (id, start, length) = pieces[i];
            tokens[i] = new TextToken(id, id == UnknownId ? normalized.Substring(start, length) : _segmenter.Piece(id));
        }
        tokens[kept] = new TextToken(EndOfSentenceId, _segmenter.Piece(EndOfSentenceId));
        return tokens;
    }

    /// <summary>
    /// Encodes a batch for the text encoder: each row is <see cref="Encode"/>'s ids, right-padded with <see cref="PadId"/>
    /// to the longest row (or to <see cref="DBetaTextTokenizerOptions.MaxTokens"/> with
    /// <see cref="DBetaTextTokenizerOptions.PadToMaxTokens"/>), with a mask of 1 on real tokens and 0 on padding.
    /// </summary>
    public TextTokenBatch EncodeBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
            throw new ArgumentException("texts is empty; a batch needs at least one text", nameof(texts));

        var rows = new int[texts.Count][];
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
                throw new ArgumentNullException(nameof(texts), $"texts[{i}] is null");
            rows[i] = Encode(texts[i]);
        }

        int width = Options.PadToMaxTokens ? Options.MaxTokens : rows.Max(r => r.Length);
        var inputIds = new long[(long)rows.Length * width];
        var mask = new long[inputIds.Length];
        if (PadId != 0) Array.Fill(inputIds, PadId);
        for (int i = 0; i < rows.Length; i++)
        {
            int offset = i * width;
            for (int j = 0; j < rows[i].Length; j++)
            {
                inputIds[offset + j] = rows[i][j];
                mask[offset + j] = 1;
            }
        }
        return new TextTokenBatch(inputIds, mask, rows.Length, width, [.. rows.Select(r => r.Length)]);
    }
}
