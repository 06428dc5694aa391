using DBeta.MLNet.Embedding.SentencePiece;
using Google.Protobuf;
using PieceType = DBeta.MLNet.Embedding.SentencePiece.ModelProto.Types.SentencePiece.Types.Type;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated SentencePiece models through <see cref="DBetaTextTokenizer.Load"/> and encoding: protobuf bytes mutated,
/// pieces removed, doubled, emptied or retyped, scores NaN or infinite, special ids out of range, the model type
/// changed, and the normalization rules (<c>precompiled_charsmap</c>: a trie and a string table) corrupted or lying
/// about their size. A model that loads must encode every text into ids below its vocabulary, ending in <c>&lt;/s&gt;</c>.
/// </summary>
[TestClass]
public sealed class SentencePieceFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string[] Texts =
    [
        "sinus rhythm, normal ecg", "ATRIAL FIBRILLATION with RVR", "  left  bundle\tbranch   block ", "", " ", "\u00c9CG \u00e0 l'\u00e9tat normal",
        "\uff21\uff22\uff23 \u2460 \ufb01", "\u0000\u0001 control\u200b\ufeff", "\ud83e\udec0 heart", "\ud800 lone surrogate", new string('x', 3000), "qt 450ms; pr 0.2 s",
    ];

    private static readonly int[] Ids = [-2, -1, 0, 1, 2, 3, 100, int.MaxValue, int.MinValue];

    [TestMethod]
    public void MutatedSentencePieceModelsEndInATypedErrorOrValidIds()
    {
        // The identity model loads in a millisecond; the unigram models carry the NFKC rules (~240 KB) and cost more.
        var small = File.ReadAllBytes(RepoPaths.Fixture("tokenizer", "clinical-identity-userdef.model"));
        var large = new[] { "clinical-unigram.model", "clinical-unigram-bos.model", "clinical-bpe.model" }
            .Select(name => File.ReadAllBytes(RepoPaths.Fixture("tokenizer", name))).ToArray();
        var campaign = new FuzzCampaign("SentencePiece model", seed: 0x5350);
        var report = campaign.Run((rng, folder) =>
        {
            byte[] original = rng.Next(4) == 0 ? large[rng.Next(large.Length)] : small;
            string what;
            byte[] bytes = rng.Next(5) < 2 ? ByteMutator.Mutate(original, rng, out what) : Edit(ModelProto.Parser.ParseFrom(original), rng, out what);
            string path = Path.Combine(folder, "spiece.model");
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, what);
        }, input =>
        {
            var tokenizer = DBetaTextTokenizer.Load(input.Path);
            foreach (string text in Texts)
            {
                int[] ids = tokenizer.Encode(text);
                EcgSourceProbe.Check(ids.Length >= 1 && ids[^1] == tokenizer.EndOfSentenceId, $"'{text}' does not end in </s>");
                EcgSourceProbe.Check(ids.All(id => id >= 0 && id < tokenizer.VocabularySize), $"'{text}' gave an id outside 0..{tokenizer.VocabularySize - 1}");
                _ = tokenizer.Tokenize(text);
            }
            var batch = tokenizer.EncodeBatch(Texts);
            EcgSourceProbe.Check(batch.BatchSize == Texts.Length, "batch size");
        });
        report.AssertClean(TestContext);
    }

    private static byte[] Edit(ModelProto model, Random rng, out string what)
    {
        int count = model.Pieces.Count;
        int id = rng.Next(Math.Max(1, count));
        switch (rng.Next(10))
        {
            case 0 when count > 0:
                model.Pieces.RemoveAt(id);
                what = $"piece {id} removed";
                break;
            case 1 when count > 0:
                model.Pieces.Add(model.Pieces[id].Clone());
                what = $"piece {id} doubled";
                break;
            case 2 when count > 0:
                model.Pieces[id].Piece = rng.Next(2) == 0 ? "" : "\u2581";
                what = $"piece {id} text '{model.Pieces[id].Piece}'";
                break;
            case 3 when count > 0:
                {
                    var type = (PieceType)new[] { 1, 2, 3, 4, 5, 6, 0, 99 }[rng.Next(8)];
                    model.Pieces[id].Type = type;
                    what = $"piece {id} type {type}";
                    break;
                }
            case 4 when count > 0:
                {
                    float score = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -float.MaxValue, 0f, 1e-45f }[rng.Next(7)];
                    model.Pieces[id].Score = score;
                    what = $"piece {id} score {score}";
                    break;
                }
            case 5:
                {
                    int field = rng.Next(4);
                    int value = rng.Next(3) == 0 ? count + rng.Next(-1, 2) : Ids[rng.Next(Ids.Length)];
                    var spec = model.TrainerSpec;
                    if (field == 0) spec.UnkId = value;
                    else if (field == 1) spec.EosId = value;
                    else if (field == 2) spec.PadId = value;
                    else spec.BosId = value;
                    what = $"{new[] { "unk", "eos", "pad", "bos" }[field]}_id {value}";
                    break;
                }
            case 6:
                {
                    var type = (TrainerSpec.Types.ModelType)new[] { 1, 2, 3, 4, 0, 99 }[rng.Next(6)];
                    model.TrainerSpec.ModelType = type;
                    what = $"model type {type}";
                    break;
                }
            case 7:
            case 8:
                {
                    byte[] blob = model.NormalizerSpec?.PrecompiledCharsmap.ToByteArray() ?? [];
                    if (blob.Length == 0)
                    {
                        blob = new byte[rng.Next(0, 64)];
                        rng.NextBytes(blob);
                        what = $"random charsmap of {blob.Length} bytes";
                    }
                    else
                    {
                        // The trie size, the trie's first units and the string table's start are where a lie matters.
                        uint trie = BitConverter.ToUInt32(blob, 0);
                        blob = ByteMutator.Mutate(blob, rng, out what, [(0, 4), (4, 1024), ((int)Math.Min(trie + 4, (uint)blob.Length - 1), 256)]);
                        what = "charsmap " + what;
                    }
                    model.NormalizerSpec ??= new NormalizerSpec();
                    model.NormalizerSpec.PrecompiledCharsmap = ByteString.CopyFrom(blob);
                    break;
                }
            default:
                {
                    model.NormalizerSpec ??= new NormalizerSpec();
                    int flag = rng.Next(4);
                    if (flag == 0) model.NormalizerSpec.AddDummyPrefix ^= true;
                    else if (flag == 1) model.NormalizerSpec.RemoveExtraWhitespaces ^= true;
                    else if (flag == 2) model.NormalizerSpec.EscapeWhitespaces ^= true;
                    else model.TrainerSpec.TreatWhitespaceAsSuffix ^= true;
                    what = $"normalizer flag {flag} toggled";
                    break;
                }
        }
        return model.ToByteArray();
    }
}
