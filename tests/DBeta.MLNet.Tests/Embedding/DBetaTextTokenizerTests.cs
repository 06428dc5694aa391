using System.Security.Cryptography;
using System.Text.Json;
using DBeta.MLNet.Embedding.SentencePiece;
using Google.Protobuf;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Embedding;

/// <summary>
/// Checks <see cref="DBetaTextTokenizer"/> against python3-sentencepiece's ids, written to
/// tests/fixtures/tokenizer by tests/reference/make_tokenizer_fixtures.py.
/// </summary>
[TestClass]
public sealed class DBetaTextTokenizerTests
{
    private const string BoslessModel = "clinical-unigram.model";
    private const string BosModel = "clinical-unigram-bos.model";

    private static readonly Lazy<Expected> Reference = new(() => Read<Expected>(RepoPaths.Fixture("tokenizer", "expected.json")));

    private static readonly DBetaTextTokenizerOptions AsIs = new() { Lowercase = false, MaxTokens = int.MaxValue };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(BoslessModel)]
    [DataRow(BosModel)]
    public void IdsEqualSentencePieceForEveryPrompt(string model)
    {
        var tokenizer = Load(model, AsIs);
        var cases = Reference.Value.Models[model];
        Assert.IsGreaterThanOrEqualTo(40, cases.Count);
        foreach (Case c in cases)
            CollectionAssert.AreEqual(c.Ids, tokenizer.Encode(c.Text), $"{model}, case '{c.Name}': {Show(c.Text)}");
    }

    [TestMethod]
    public void IdsEqualSentencePieceOnRandomStringsFullOfUnknownCharacters()
    {
        var tokenizer = Load(Reference.Value.FuzzModel, AsIs);
        Assert.IsGreaterThanOrEqualTo(400, Reference.Value.Fuzz.Count);
        foreach (FuzzCase c in Reference.Value.Fuzz)
            CollectionAssert.AreEqual(c.Ids, tokenizer.Encode(c.Text), Show(c.Text));
    }

    [TestMethod]
    public void IdsEqualSentencePieceWithIdentityNormalizationKeptSpacesAndUserDefinedPieces()
    {
        var tokenizer = Load(Reference.Value.IdentityModel, AsIs);
        Assert.IsGreaterThanOrEqualTo(150, Reference.Value.IdentityFuzz.Count);
        foreach (FuzzCase c in Reference.Value.IdentityFuzz)
            CollectionAssert.AreEqual(c.Ids, tokenizer.Encode(c.Text), Show(c.Text));
    }

    [TestMethod]
    public void PiecesEqualSentencePieceIncludingMergedUnknownRuns()
    {
        var tokenizer = Load(BoslessModel, AsIs);
        foreach (Case c in Reference.Value.Models[BoslessModel])
        {
            IReadOnlyList<TextToken> tokens = tokenizer.Tokenize(c.Text);
            CollectionAssert.AreEqual(c.Ids, tokens.Select(t => t.Id).ToArray(), c.Name);
            CollectionAssert.AreEqual(c.Pieces.Append("</s>").ToArray(), tokens.Select(t => t.Piece).ToArray(), c.Name);
        }
        var unknownRun = tokenizer.Tokenize("µ°±~{}");
        Assert.AreEqual("μ°±~{}", unknownRun[1].Piece, "an unknown run's piece is its NFKC-normalized text");
    }

    [TestMethod]
    public void LowercasingEqualsPythonStrLower()
    {
        var texts = Reference.Value.Models[BoslessModel].Select(c => (c.Text, c.LowercaseText))
            .Concat(Reference.Value.Fuzz.Select(c => (c.Text, c.LowercaseText!)));
        foreach (var (text, lower) in texts)
            Assert.AreEqual(lower, PythonLowercase.ToLower(text), Show(text));
    }

    [TestMethod]
    public void LowercaseIsTheDefaultAndMatchesPythonLower()
    {
        var tokenizer = Load(BoslessModel, new DBetaTextTokenizerOptions { MaxTokens = int.MaxValue });
        Assert.IsTrue(DBetaTextTokenizerOptions.Default.Lowercase);
        foreach (Case c in Reference.Value.Models[BoslessModel])
            CollectionAssert.AreEqual(c.LowercaseIds, tokenizer.Encode(c.Text), $"case '{c.Name}'");

        Case upper = Reference.Value.Models[BoslessModel].Single(c => c.Name == "uppercase");
        CollectionAssert.AreNotEqual(upper.Ids, upper.LowercaseIds, "the fixture must show that case matters");
    }

    [TestMethod]
    public void LongTextsAreTruncatedTo512WithEndOfSentenceLast()
    {
        var lowercased = Load(BoslessModel);
        var asIs = Load(BoslessModel, new DBetaTextTokenizerOptions { Lowercase = false });
        Assert.AreEqual(512, lowercased.Options.MaxTokens);
        foreach (Case c in Reference.Value.Models[BoslessModel])
        {
            CollectionAssert.AreEqual(c.LowercaseTruncatedIds, lowercased.Encode(c.Text), $"case '{c.Name}'");
            CollectionAssert.AreEqual(c.TruncatedIds, asIs.Encode(c.Text), $"case '{c.Name}'");
        }

        Case longCase = Reference.Value.Models[BoslessModel].Single(c => c.Name == "long");
        Assert.IsGreaterThan(512, longCase.Ids.Length, "the long prompt must need truncation");
        int[] ids = lowercased.Encode(longCase.Text);
        Assert.HasCount(512, ids);
        Assert.AreEqual(1, ids[^1]);
        CollectionAssert.AreEqual(longCase.Ids[..511], ids[..511]);

        var tokens = asIs.Tokenize(longCase.Text);
        Assert.HasCount(512, tokens);
        Assert.AreEqual("</s>", tokens[^1].Piece);
    }

    [TestMethod]
    public void ASmallMaxTokensKeepsTheFirstPiecesAndEndOfSentence()
    {
        var tokenizer = Load(BoslessModel, new DBetaTextTokenizerOptions { MaxTokens = 4 });
        Case c = Reference.Value.Models[BoslessModel].Single(c => c.Name == "unk-separated");
        CollectionAssert.AreEqual(c.LowercaseIds[..3].Append(1).ToArray(), tokenizer.Encode(c.Text));
        CollectionAssert.AreEqual(new[] { 1 }, Load(BoslessModel, new DBetaTextTokenizerOptions { MaxTokens = 1 }).Encode(c.Text));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Load(BoslessModel, new DBetaTextTokenizerOptions { MaxTokens = 0 }));
    }

    [TestMethod]
    public void BatchesAreRightPaddedWithPadIdAndMasked()
    {
        var tokenizer = Load(BoslessModel);
        string[] texts = ["Sinus rhythm.", "", "atrial fibrillation with rapid ventricular response, QRS 88 ms ~ {}"];
        TextTokenBatch batch = tokenizer.EncodeBatch(texts);

        int[][] rows = [.. texts.Select(tokenizer.Encode)];
        int width = rows.Max(r => r.Length);
        Assert.AreEqual(3, batch.BatchSize);
        Assert.AreEqual(width, batch.SequenceLength);
        CollectionAssert.AreEqual(new long[] { 3, width }, batch.Shape);
        Assert.HasCount(3 * width, batch.InputIds);
        Assert.HasCount(3 * width, batch.AttentionMask);
        CollectionAssert.AreEqual(rows.Select(r => r.Length).ToArray(), batch.Lengths.ToArray());
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < width; j++)
            {
                bool real = j < rows[i].Length;
                Assert.AreEqual(real ? rows[i][j] : tokenizer.PadId, batch.InputIds[i * width + j], $"input_ids[{i},{j}]");
                Assert.AreEqual(real ? 1L : 0L, batch.AttentionMask[i * width + j], $"attention_mask[{i},{j}]");
            }
        Assert.AreEqual(0, tokenizer.PadId);
        CollectionAssert.AreEqual(new long[] { 1, 0 }, batch.InputIds[width..(width + 2)], "the empty text is </s> then padding");
    }

    [TestMethod]
    public void PadToMaxTokensGivesAFixedWidth()
    {
        var tokenizer = Load(BoslessModel, new DBetaTextTokenizerOptions { PadToMaxTokens = true, MaxTokens = 16 });
        TextTokenBatch batch = tokenizer.EncodeBatch(["sinus rhythm", "left bundle branch block"]);
        Assert.AreEqual(16, batch.SequenceLength);
        Assert.AreEqual(tokenizer.Encode("left bundle branch block").Length, (int)batch.AttentionMask.Skip(16).Sum());

        Assert.ThrowsExactly<ArgumentException>(() => tokenizer.EncodeBatch([]));
        Assert.ThrowsExactly<ArgumentNullException>(() => tokenizer.EncodeBatch(["a", null!]));
    }

    [TestMethod]
    public void BoslessModelKeepsEveryIdAndNeverEmitsTheAddedBosPiece()
    {
        var tokenizer = Load(BoslessModel, AsIs);
        Assert.AreEqual(Reference.Value.VocabSize, tokenizer.VocabularySize);
        Assert.AreEqual((0, 1, 2), (tokenizer.PadId, tokenizer.EndOfSentenceId, tokenizer.UnknownId));

        var file = SentencePieceModelFile.Read(RepoPaths.Fixture("tokenizer", BoslessModel));
        Assert.AreEqual(-1, file.BeginningOfSentenceId);
        ModelProto patched = ModelProto.Parser.ParseFrom(file.ForTokenizers());
        Assert.HasCount(file.PieceCount + 1, patched.Pieces);
        Assert.AreEqual(file.PieceCount, patched.TrainerSpec.BosId);
        Assert.AreEqual("<s>", patched.Pieces[^1].Piece);
        Assert.AreEqual(ModelProto.Types.SentencePiece.Types.Type.Control, patched.Pieces[^1].Type);
        for (int id = 0; id < file.PieceCount; id++)
            Assert.AreEqual(file.Proto.Pieces[id], patched.Pieces[id], $"piece {id} must be unchanged");

        int[] ids = tokenizer.Encode("<s> sinus rhythm <s>");
        Assert.IsTrue(ids.All(id => id < tokenizer.VocabularySize), string.Join(",", ids));
        foreach (Case c in Reference.Value.Models[BoslessModel])
            Assert.IsTrue(tokenizer.Encode(c.Text).All(id => id < tokenizer.VocabularySize), c.Name);
    }

    [TestMethod]
    public void ModelWithBosLoadsUnchanged()
    {
        string path = RepoPaths.Fixture("tokenizer", BosModel);
        var file = SentencePieceModelFile.Read(path);
        Assert.AreEqual(3, file.BeginningOfSentenceId);
        CollectionAssert.AreEqual(File.ReadAllBytes(path), file.ForTokenizers(), "a model with a bos piece is passed on byte for byte");

        var tokenizer = Load(BosModel, AsIs);
        Assert.AreEqual(file.PieceCount, tokenizer.VocabularySize);
        Assert.AreNotEqual(3, tokenizer.Encode("sinus rhythm")[0], "no <s> is added: T5 does not use one");
    }

    [TestMethod]
    public void FieldsThisProtoDoesNotDeclareSurviveTheRoundTrip()
    {
        byte[] original = File.ReadAllBytes(RepoPaths.Fixture("tokenizer", BoslessModel));
        ModelProto parsed = ModelProto.Parser.ParseFrom(original);
        byte[] written = parsed.ToByteArray();

        // The trainer spec holds many fields (input, character_coverage, ...) this proto leaves undeclared: they must come back.
        var declaredOnly = new TrainerSpec { ModelType = parsed.TrainerSpec.ModelType, VocabSize = parsed.TrainerSpec.VocabSize };
        Assert.IsGreaterThan(declaredOnly.CalculateSize() + 20, parsed.TrainerSpec.CalculateSize());
        Assert.AreEqual(original.Length, written.Length, "nothing may be dropped or added");
        Assert.AreEqual(parsed, ModelProto.Parser.ParseFrom(written));
        CollectionAssert.AreEquivalent(original, written, "same bytes, possibly in another field order");
    }

    [TestMethod]
    public void BadModelFilesGiveModelFormatExceptionNamingTheFile()
    {
        using var temp = new TempFolder();
        byte[] good = File.ReadAllBytes(RepoPaths.Fixture("tokenizer", BoslessModel));

        AssertBad(temp, "text.model", System.Text.Encoding.UTF8.GetBytes("this is not a sentencepiece model\n"), "SentencePiece model");
        AssertBad(temp, "empty.model", [], "empty");
        AssertBad(temp, "cut.model", good[..(good.Length / 3)], "not a SentencePiece model");
        AssertBadFile(RepoPaths.Fixture("tokenizer", "clinical-bpe.model"), "BPE");
        AssertBad(temp, "no-eos.model", Patch(good, m => m.TrainerSpec.EosId = -1), "eos_id = -1");
        AssertBad(temp, "eos-outside.model", Patch(good, m => m.TrainerSpec.EosId = 5000), "eos_id 5000 is outside");
        AssertBad(temp, "no-pad.model", Patch(good, m => m.TrainerSpec.PadId = -1), "pad_id = -1");
        AssertBad(temp, "unk-normal.model", Patch(good, m => m.TrainerSpec.UnkId = 10), "expected type UNKNOWN");
        AssertBad(temp, "no-pieces.model", Patch(good, m => m.Pieces.Clear()), "no pieces");
        AssertBad(temp, "duplicate.model", Patch(good, m => m.Pieces[10].Piece = m.Pieces[11].Piece), "appears twice");
        AssertBad(temp, "empty-piece.model", Patch(good, m => m.Pieces[10].Piece = ""), "piece 10 is empty");

        Assert.ThrowsExactly<FileNotFoundException>(() => DBetaTextTokenizer.Load(temp.File("missing.model")));
    }

    [TestMethod]
    public void RealT5ModelMatchesSentencePieceWhenPresent()
    {
        string model = RepoPaths.SharedT5("spiece.model");
        var expected = Read<T5Expected>(RepoPaths.Fixture("tokenizer", "expected-t5.json"));
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model)));
        if (sha256 != expected.ModelSha256)
            Assert.Fail($"{model} ({new FileInfo(model).Length:N0} bytes, SHA-256 {sha256}) is not the model expected-t5.json was written from "
                + $"({expected.ModelBytes:N0} bytes, SHA-256 {expected.ModelSha256}, T5's 32,000-piece spiece.model): put that file there, "
                + "or rewrite the fixture with /usr/bin/python3 tests/reference/make_tokenizer_fixtures.py");

        var asIs = DBetaTextTokenizer.Load(model, AsIs);
        var asIsTruncated = DBetaTextTokenizer.Load(model, new DBetaTextTokenizerOptions { Lowercase = false });
        var prompts = DBetaTextTokenizer.Load(model);
        Assert.AreEqual((0, 1, 2), (asIs.PadId, asIs.EndOfSentenceId, asIs.UnknownId));
        Assert.AreEqual(expected.VocabSize, asIs.VocabularySize);
        Assert.AreEqual(expected.MaxTokens, prompts.Options.MaxTokens);
        Assert.IsGreaterThanOrEqualTo(100, expected.Cases.Count);
        Assert.IsGreaterThanOrEqualTo(400, expected.Fuzz.Count);
        foreach (Case c in expected.Cases)
        {
            CollectionAssert.AreEqual(c.Ids, asIs.Encode(c.Text), $"T5, case '{c.Name}': {Show(c.Text)}");
            CollectionAssert.AreEqual(c.TruncatedIds, asIsTruncated.Encode(c.Text), $"T5 truncated, case '{c.Name}'");
            CollectionAssert.AreEqual(c.LowercaseTruncatedIds, prompts.Encode(c.Text), $"T5 lowercased, case '{c.Name}'");
            CollectionAssert.AreEqual(c.Pieces.Append("</s>").ToArray(), asIs.Tokenize(c.Text).Select(t => t.Piece).ToArray(), c.Name);
        }
        foreach (FuzzCase c in expected.Fuzz)
            CollectionAssert.AreEqual(c.Ids, asIs.Encode(c.Text), $"T5: {Show(c.Text)}");

        int[] cut = expected.Cases.Where(c => c.Name.StartsWith("exactly-", StringComparison.Ordinal)).Select(c => c.Ids.Length).ToArray();
        CollectionAssert.AreEqual(new[] { 511, 512, 513, 514 }, cut, "the fixture must hold texts on both sides of the 512 cut");
    }

    [TestMethod]
    public void MicrosoftMLTokenizersStillNeedsTheBosPatchAndOurSegmenter()
    {
        // Why the patch and the segmenter stay (Microsoft.ML.Tokenizers 3.0.0): it cannot load a bos-less model as it
        // is, and once patched it still differs from sentencepiece on some of the fixture's texts. When an upgrade
        // makes this test fail, the workaround it names can go.
        using (var stream = File.OpenRead(RepoPaths.Fixture("tokenizer", BoslessModel)))
            Assert.ThrowsExactly<IndexOutOfRangeException>(() =>
                Microsoft.ML.Tokenizers.SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false));

        var tokenizer = Load(BoslessModel, AsIs);
        var cases = Reference.Value.Models[BoslessModel];
        var differing = cases.Where(c => !c.Ids[..^1].SequenceEqual(tokenizer.Tokenizer.EncodeToIds(c.Text, false, false))).Select(c => c.Name).ToList();
        TestContext.WriteLine($"Microsoft.ML.Tokenizers differs from sentencepiece on {differing.Count} of {cases.Count} cases: {string.Join(", ", differing)}");
        Assert.IsNotEmpty(differing, "Microsoft.ML.Tokenizers now equals sentencepiece on every case: DBetaTextTokenizer may encode through it");
    }

    [TestMethod]
    public void TokenizersModelIsExposedWithTheSameVocabulary()
    {
        var tokenizer = Load(BoslessModel, AsIs);
        const string text = "sinus rhythm with first degree av block, qrs 96 ms";
        CollectionAssert.AreEqual(tokenizer.Encode(text)[..^1], tokenizer.Tokenizer.EncodeToIds(text, false, false).ToArray(),
            "on plain clinical text Microsoft.ML.Tokenizers agrees");
        Assert.AreEqual(tokenizer.VocabularySize, tokenizer.Tokenizer.Vocabulary["<s>"], "the bos piece added for Tokenizers comes after every real piece");
        Assert.AreEqual("sinus rhythm", tokenizer.Tokenizer.Decode(tokenizer.Encode("sinus rhythm")[..^1]));
    }

    private static DBetaTextTokenizer Load(string model, DBetaTextTokenizerOptions? options = null) =>
        DBetaTextTokenizer.Load(RepoPaths.Fixture("tokenizer", model), options);

    private static byte[] Patch(byte[] model, Action<ModelProto> change)
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(model);
        change(proto);
        return proto.ToByteArray();
    }

    private static void AssertBad(TempFolder temp, string name, byte[] bytes, string problem)
    {
        string path = temp.File(name);
        File.WriteAllBytes(path, bytes);
        AssertBadFile(path, problem);
    }

    private static void AssertBadFile(string path, string problem)
    {
        var e = Assert.ThrowsExactly<ModelFormatException>(() => DBetaTextTokenizer.Load(path), path);
        Assert.AreEqual(path, e.FilePath);
        StringAssert.StartsWith(e.Message, path + ": ");
        StringAssert.Contains(e.Problem, problem, $"{path}: {e.Problem}");
    }

    private static string Show(string text) => JsonSerializer.Serialize(text);

    private static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
        ?? throw new InvalidDataException(path);

    private sealed record Case(
        string Name, string Text, string LowercaseText, int[] Ids, string[] Pieces, int[] LowercaseIds, int[] TruncatedIds, int[] LowercaseTruncatedIds);

    private sealed record FuzzCase(string Text, string? LowercaseText, int[] Ids);

    private sealed record Expected(
        int VocabSize,
        Dictionary<string, List<Case>> Models,
        string FuzzModel,
        List<FuzzCase> Fuzz,
        string IdentityModel,
        List<FuzzCase> IdentityFuzz);

    private sealed record T5Expected(string ModelSha256, long ModelBytes, int MaxTokens, int VocabSize, List<Case> Cases, List<FuzzCase> Fuzz);
}
