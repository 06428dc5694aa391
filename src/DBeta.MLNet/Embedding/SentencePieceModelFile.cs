using DBeta.MLNet.Embedding.SentencePiece;
using Google.Protobuf;

namespace DBeta.MLNet;

/// <summary>
/// A SentencePiece <c>spiece.model</c> read from disk and checked for what a T5 tokenizer needs: a unigram model
/// with unk, eos and pad pieces. <see cref="ForTokenizers"/> gives the bytes Microsoft.ML.Tokenizers can load.
/// </summary>
internal sealed class SentencePieceModelFile
{
    // A real spiece.model is about 0.8 MB (T5) to 5 MB (multilingual vocabularies); refuse anything absurd before reading it.
    private const long MaxFileBytes = 256L << 20;

    private readonly byte[] _bytes;

    private SentencePieceModelFile(string path, byte[] bytes, ModelProto proto)
    {
        Path = path;
        Proto = proto;
        _bytes = bytes;
    }

    /// <summary>The file the model came from, for error messages.</summary>
    public string Path { get; }

    /// <summary>The model as stored in the file (never modified).</summary>
    public ModelProto Proto { get; }

    /// <summary>Pieces in the file; every id below this is a real piece.</summary>
    public int PieceCount => Proto.Pieces.Count;

    /// <summary>The id of <c>&lt;unk&gt;</c>.</summary>
    public int UnknownId => Proto.TrainerSpec.UnkId;

    /// <summary>The id of <c>&lt;/s&gt;</c>.</summary>
    public int EndOfSentenceId => Proto.TrainerSpec.EosId;

    /// <summary>The id of <c>&lt;pad&gt;</c>.</summary>
    public int PadId => Proto.TrainerSpec.PadId;

    /// <summary>The id of <c>&lt;s&gt;</c>, or -1 when the model has none (T5).</summary>
    public int BeginningOfSentenceId => Proto.TrainerSpec.BosId;

    /// <summary>Reads and checks a model file; throws <see cref="ModelFormatException"/> naming the file and the problem.</summary>
    public static SentencePieceModelFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException($"{path}: SentencePiece model not found", path);
        if (info.Length == 0)
            throw new ModelFormatException(path, "file is empty, expected a SentencePiece model (spiece.model)");
        if (info.Length > MaxFileBytes)
            throw new ModelFormatException(path, $"file is {info.Length} bytes, too large for a SentencePiece model (limit {MaxFileBytes} bytes)");
        return Parse(path, File.ReadAllBytes(path));
    }

    /// <summary>Parses and checks model bytes; <paramref name="path"/> only names the source in errors.</summary>
    public static SentencePieceModelFile Parse(string path, byte[] bytes)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(path, $"not a SentencePiece model (protobuf ModelProto expected): {e.Message}", e);
        }

        Check(path, proto);
        return new SentencePieceModelFile(path, bytes, proto);
    }

    /// <summary>
    /// The model as Microsoft.ML.Tokenizers (2.0.1 and 3.0.0) can load it. Its unigram model indexes its tables with the bos id and
    /// fails when bos_id is -1 (T5), so a bos-less model gets one CONTROL piece appended after the last real piece and
    /// bos_id pointed at it: every real id stays the same and the piece is never emitted (sentencepiece never matches
    /// CONTROL pieces in text, and the tokenizer is created without adding a bos). Models with a bos are passed as they are.
    /// </summary>
    public byte[] ForTokenizers()
    {
        if (Proto.TrainerSpec.BosId >= 0)
            return _bytes;

        ModelProto patched = Proto.Clone();
        string bosPiece = UnusedPieceName(patched, patched.TrainerSpec.BosPiece);
        patched.Pieces.Add(new ModelProto.Types.SentencePiece
        {
            Piece = bosPiece,
            Score = 0f,
            Type = ModelProto.Types.SentencePiece.Types.Type.Control,
        });
        patched.TrainerSpec.BosId = patched.Pieces.Count - 1;
        patched.TrainerSpec.BosPiece = bosPiece;
        return patched.ToByteArray();
    }

    private static string UnusedPieceName(ModelProto proto, string preferred)
    {
        var names = new HashSet<string>(proto.Pieces.Select(p => p.Piece), StringComparer.Ordinal);
        if (!names.Contains(preferred)) return preferred;
        for (int i = 0; ; i++)
        {
            string name = $"<dbeta-bos-{i}>";
            if (!names.Contains(name)) return name;
        }
    }

    private static void Check(string path, ModelProto proto)
    {
        int count = proto.Pieces.Count;
        if (count == 0)
            throw new ModelFormatException(path, "has no pieces; not a SentencePiece model (spiece.model)");

        TrainerSpec spec = proto.TrainerSpec ?? new TrainerSpec();
        if (spec.ModelType != TrainerSpec.Types.ModelType.Unigram)
            throw new ModelFormatException(path, $"is a {spec.ModelType.ToString().ToUpperInvariant()} SentencePiece model, expected UNIGRAM (T5's spiece.model is a unigram model)");

        var seen = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int id = 0; id < count; id++)
        {
            string piece = proto.Pieces[id].Piece;
            if (string.IsNullOrEmpty(piece))
                throw new ModelFormatException(path, $"piece {id} is empty");
            if (!seen.TryAdd(piece, id))
                throw new ModelFormatException(path, $"piece '{piece}' appears twice (ids {seen[piece]} and {id})");
        }

        CheckSpecialId(path, spec.UnkId, "unk_id", "<unk>", count, required: "every unknown character maps to it");
        if (proto.Pieces[spec.UnkId].Type != ModelProto.Types.SentencePiece.Types.Type.Unknown)
            throw new ModelFormatException(path, $"unk_id {spec.UnkId} points at piece '{proto.Pieces[spec.UnkId].Piece}' of type {proto.Pieces[spec.UnkId].Type}, expected type UNKNOWN");
        CheckSpecialId(path, spec.EosId, "eos_id", "</s>", count, required: "T5 ends every text with it");
        CheckSpecialId(path, spec.PadId, "pad_id", "<pad>", count, required: "batches are right-padded with it");
        if (spec.BosId >= count)
            throw new ModelFormatException(path, $"bos_id {spec.BosId} is outside the model's {count} pieces");
    }

    private static void CheckSpecialId(string path, int id, string field, string piece, int count, string required)
    {
        if (id < 0)
            throw new ModelFormatException(path, $"has no {piece} piece ({field} = {id}); {required}");
        if (id >= count)
            throw new ModelFormatException(path, $"{field} {id} is outside the model's {count} pieces");
    }
}
