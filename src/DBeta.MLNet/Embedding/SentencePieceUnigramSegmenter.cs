using System.Text;
using DBeta.MLNet.Embedding.SentencePiece;

namespace DBeta.MLNet;

/// <summary>
/// Splits a normalized text into the pieces of a unigram model with the highest total score (Viterbi), deciding
/// near-ties as <c>sentencepiece</c> does, then merges each run of unknown characters into one <c>&lt;unk&gt;</c>.
/// </summary>
/// <remarks>
/// Two details make its output equal <c>sentencepiece</c>'s where Microsoft.ML.Tokenizers 2.0.1 differs: a candidate
/// path score is the stored float path score plus the piece score computed in double precision (Tokenizers adds in
/// float, so ties such as "I"+"II" against "II"+"I" can go the other way), and consecutive unknown characters give one id.
/// </remarks>
internal sealed class SentencePieceUnigramSegmenter
{
    // sentencepiece scores an unknown character this far below the lowest piece score.
    private const float UnknownPenalty = 10f;

    // A trie over the pieces' UTF-16 chars: child of (node, char) in one table, the piece id ending at each node (-1 for none).
    private readonly Dictionary<long, int> _children = [];
    private readonly List<int> _pieceAtNode = [-1];
    private readonly float[] _scores;
    private readonly bool[] _userDefined;
    private readonly bool[] _unused;
    private readonly string[] _pieces;
    private readonly float _unknownScore;
    private readonly float _maxScore;

    public SentencePieceUnigramSegmenter(ModelProto model)
    {
        int count = model.Pieces.Count;
        _scores = new float[count];
        _userDefined = new bool[count];
        _unused = new bool[count];
        _pieces = new string[count];

        float minScore = float.MaxValue;
        // sentencepiece starts the maximum at FLT_MIN (the smallest positive normal float), not at the most negative one.
        float maxScore = 1.17549435E-38f;
        for (int id = 0; id < count; id++)
        {
            ModelProto.Types.SentencePiece piece = model.Pieces[id];
            _pieces[id] = piece.Piece;
            _scores[id] = piece.Score;
            var type = piece.Type;
            if (type is ModelProto.Types.SentencePiece.Types.Type.Normal
                or ModelProto.Types.SentencePiece.Types.Type.UserDefined
                or ModelProto.Types.SentencePiece.Types.Type.Unused)
            {
                AddToTrie(piece.Piece, id);
            }
            _userDefined[id] = type == ModelProto.Types.SentencePiece.Types.Type.UserDefined;
            _unused[id] = type == ModelProto.Types.SentencePiece.Types.Type.Unused;
            if (type == ModelProto.Types.SentencePiece.Types.Type.Normal)
            {
                minScore = Math.Min(minScore, piece.Score);
                maxScore = Math.Max(maxScore, piece.Score);
            }
        }
        _maxScore = maxScore;
        _unknownScore = minScore - UnknownPenalty;
        UnknownId = model.TrainerSpec.UnkId;
    }

    /// <summary>The id given to unknown characters.</summary>
    public int UnknownId { get; }

    /// <summary>The piece string of an id.</summary>
    public string Piece(int id) => _pieces[id];

    /// <summary>
    /// The pieces of <paramref name="normalized"/> (output of <see cref="SentencePieceTextNormalizer"/>), in order, with
    /// runs of unknown characters merged: each as (id, start, length) in the normalized text.
    /// </summary>
    public List<(int Id, int Start, int Length)> Segment(string normalized)
    {
        int size = normalized.Length;
        var result = new List<(int Id, int Start, int Length)>();
        if (size == 0) return result;

        // Best path ending at each char offset: its score, where its last piece starts, and that piece's id.
        var score = new float[size + 1];
        var startsAt = new int[size + 1];
        var ids = new int[size + 1];
        Array.Fill(startsAt, -1);

        ReadOnlySpan<char> text = normalized;
        for (int start = 0; start < size; start += CharLength(text, start))
        {
            float tillHere = score[start];
            int charLength = CharLength(text, start);
            bool hasSingleCharPiece = false;
            int node = 0;
            for (int end = start + 1; end <= size; end++)
            {
                if (!_children.TryGetValue(Edge(node, text[end - 1]), out node)) break;
                int id = _pieceAtNode[node];
                if (id < 0 || _unused[id]) continue;
                int length = end - start;
                // As in sentencepiece: the piece score is a double here (user-defined pieces get a double bonus), so is the sum.
                double pieceScore = _userDefined[id] ? Encoding.UTF8.GetByteCount(text[start..end]) * _maxScore - 0.1 : _scores[id];
                double candidate = pieceScore + tillHere;
                if (startsAt[end] == -1 || candidate > score[end])
                {
                    score[end] = (float)candidate;
                    startsAt[end] = start;
                    ids[end] = id;
                }
                if (length == charLength) hasSingleCharPiece = true;
            }
            if (!hasSingleCharPiece)
            {
                float candidate = _unknownScore + tillHere;
                int end = start + charLength;
                if (startsAt[end] == -1 || candidate > score[end])
                {
                    score[end] = candidate;
                    startsAt[end] = start;
                    ids[end] = UnknownId;
                }
            }
        }

        for (int end = size; end > 0; end = startsAt[end])
            result.Add((ids[end], startsAt[end], end - startsAt[end]));
        result.Reverse();

        // sentencepiece reports a run of unknown characters as one <unk> covering all of them.
        int kept = 0;
        for (int i = 0; i < result.Count; i++)
        {
            if (kept > 0 && result[i].Id == UnknownId && result[kept - 1].Id == UnknownId)
                result[kept - 1] = result[kept - 1] with { Length = result[kept - 1].Length + result[i].Length };
            else
                result[kept++] = result[i];
        }
        result.RemoveRange(kept, result.Count - kept);
        return result;
    }

    private void AddToTrie(string piece, int id)
    {
        int node = 0;
        foreach (char c in piece)
        {
            if (!_children.TryGetValue(Edge(node, c), out int child))
            {
                child = _pieceAtNode.Count;
                _pieceAtNode.Add(-1);
                _children.Add(Edge(node, c), child);
            }
            node = child;
        }
        _pieceAtNode[node] = id;
    }

    private static long Edge(int node, char c) => ((long)node << 16) | c;

    private static int CharLength(ReadOnlySpan<char> text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
}
