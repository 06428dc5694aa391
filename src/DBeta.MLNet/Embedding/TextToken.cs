namespace DBeta.MLNet;

/// <summary>
/// One token of an encoded text: its vocabulary id and its piece. For <c>&lt;unk&gt;</c> the piece is the (normalized)
/// text it stands for, e.g. <c>°±</c>, as <c>sentencepiece</c> reports it.
/// </summary>
/// <param name="Id">Vocabulary id, the value fed to the text encoder.</param>
/// <param name="Piece">The vocabulary piece (<c>▁</c> marks a preceding space), or the covered text of an unknown run.</param>
internal readonly record struct TextToken(int Id, string Piece);
