using System.Buffers;
using System.Text;
using DBeta.MLNet.Embedding.SentencePiece;

namespace DBeta.MLNet;

/// <summary>
/// Turns a text into what a SentencePiece model segments, as <c>sentencepiece</c> does it: the model's normalization
/// rules applied longest-match first (a rule may delete its input), user-defined pieces kept as they are, extra
/// whitespace removed, a dummy-prefix space added and spaces written as <c>▁</c>.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers 2.0.1 normalizes too, but keeps a character whose rule deletes it (U+0000-U+001F controls,
/// U+FEFF, U+200B, variation selectors under nmt_nfkc), which then becomes an extra <c>&lt;unk&gt;</c>.
/// </remarks>
internal sealed class SentencePieceTextNormalizer
{
    private const byte Space = (byte)' ';
    private static readonly byte[] SpaceSymbol = Encoding.UTF8.GetBytes("\u2581");
    private static readonly byte[] ReplacementCharacter = Encoding.UTF8.GetBytes("\uFFFD");

    private readonly SentencePieceCharsMap? _rules;
    private readonly byte[][] _userDefined;
    private readonly bool _addDummyPrefix;
    private readonly bool _removeExtraWhitespaces;
    private readonly bool _escapeWhitespaces;
    private readonly bool _whitespaceAsSuffix;

    public SentencePieceTextNormalizer(ModelProto model, string path)
    {
        NormalizerSpec spec = model.NormalizerSpec ?? new NormalizerSpec();
        _rules = SentencePieceCharsMap.Parse(spec.PrecompiledCharsmap.Span, path);
        _addDummyPrefix = spec.AddDummyPrefix;
        _removeExtraWhitespaces = spec.RemoveExtraWhitespaces;
        _escapeWhitespaces = spec.EscapeWhitespaces;
        _whitespaceAsSuffix = model.TrainerSpec?.TreatWhitespaceAsSuffix ?? false;
        _userDefined = [.. model.Pieces
            .Where(p => p.Type == ModelProto.Types.SentencePiece.Types.Type.UserDefined)
            .Select(p => Encoding.UTF8.GetBytes(p.Piece))];
    }

    /// <summary>The normalized text; empty when nothing but whitespace (or deleted characters) remains.</summary>
    public string Normalize(string text)
    {
        byte[] input = Encoding.UTF8.GetBytes(text);
        var output = new ArrayBufferWriter<byte>(input.Length + input.Length / 2 + 8);
        ReadOnlySpan<byte> rest = input;

        if (_removeExtraWhitespaces)
        {
            while (!rest.IsEmpty)
            {
                int consumed = NormalizePrefix(rest, out ReadOnlySpan<byte> piece);
                if (piece.Length != 1 || piece[0] != Space) break;
                rest = rest[consumed..];
            }
        }
        if (rest.IsEmpty) return string.Empty;

        ReadOnlySpan<byte> whitespace = _escapeWhitespaces ? SpaceSymbol : [Space];
        if (_addDummyPrefix && !_whitespaceAsSuffix) output.Write(whitespace);

        bool previousEndsWithSpace = _removeExtraWhitespaces;
        while (!rest.IsEmpty)
        {
            int consumed = NormalizePrefix(rest, out ReadOnlySpan<byte> piece);
            while (previousEndsWithSpace && !piece.IsEmpty && piece[0] == Space) piece = piece[1..];
            if (!piece.IsEmpty)
            {
                foreach (byte b in piece)
                {
                    if (_escapeWhitespaces && b == Space) output.Write(SpaceSymbol);
                    else output.Write([b]);
                }
                previousEndsWithSpace = piece[^1] == Space;
            }
            rest = rest[consumed..];
            if (!_removeExtraWhitespaces) previousEndsWithSpace = false;
        }

        int length = output.WrittenCount;
        if (_removeExtraWhitespaces)
            while (length >= whitespace.Length && output.WrittenSpan[..length].EndsWith(whitespace)) length -= whitespace.Length;
        string normalized = Encoding.UTF8.GetString(output.WrittenSpan[..length]);
        if (_addDummyPrefix && _whitespaceAsSuffix) normalized += Encoding.UTF8.GetString(whitespace);
        return normalized;
    }

    // How many input bytes the next unit covers and what it becomes: a user-defined piece as is, else the longest rule, else one character.
    private int NormalizePrefix(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> piece)
    {
        int userDefined = 0;
        foreach (byte[] symbol in _userDefined)
            if (symbol.Length > userDefined && input.StartsWith(symbol)) userDefined = symbol.Length;
        if (userDefined > 0)
        {
            piece = input[..userDefined];
            return userDefined;
        }

        if (_rules is not null)
        {
            int matched = _rules.MatchLongest(input, out piece);
            if (matched > 0) return matched;
        }

        if (Rune.DecodeFromUtf8(input, out _, out int length) != OperationStatus.Done)
        {
            piece = ReplacementCharacter;
            return 1;
        }
        piece = input[..length];
        return length;
    }
}
