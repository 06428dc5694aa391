using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated <c>config.json</c> files (the shipped default and the tiny test model's) through <see cref="DBetaConfig.Load"/>:
/// known keys set to boundary numbers, fractions, numeric and other strings, lone surrogates, nulls, arrays and objects;
/// <c>conv_feature_layers</c> expressions mangled (repeat counts that overflow, nesting, stray characters); the
/// <c>model</c> wrapper removed or retyped; the bytes mutated. A file that loads must give a usable architecture with
/// every integer key the file holds.
/// </summary>
[TestClass]
public sealed class DBetaConfigFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string[] IntKeys = ["encoder_layers", "encoder_embed_dim", "encoder_ffn_embed_dim", "encoder_attention_heads", "conv_pos", "conv_pos_groups", "hidden_dim"];

    private static readonly JsonNode?[] Values =
        [0, 1, 2, 3, -1, 64, 768, int.MaxValue, int.MinValue, 1L << 31, long.MaxValue, 2.5, 1e300, "12", " 12", "x", "\uD800", "", true, null, new JsonArray(), new JsonObject { ["a"] = 1 }];

    private static readonly string[] Layers =
        ["[(256, 2, 2)] * 4", "[(256, 2, 2)] * 1073741825 * 4", "[(1,1,1)] * 65536 * 65536", "4 * [(8, 3, 1)] + [(16, 2, 2)]", "[(1, 2, 3)] * 0", "[]", "[(0, 1, 1)]",
         "[(256, 2, 2)] * 65", "[(256, 2, 2),] * 2", "[[(1, 2, 3)]]", "((1, 2, 3))", "[(99999999999, 2, 2)]", "[(1, 2)]", "[(1, 2, 3, 4)]", "[(1, 2, 3)] * -1",
         "__import__('os').system('x')", "[(256, 2, 2)] * 4 +", "", " ", "[(2,2,2)]" + string.Concat(Enumerable.Repeat(" + [(2,2,2)]", 100)), "\uD800"];

    [TestMethod]
    public void MutatedConfigFilesEndInATypedErrorOrTheirValues()
    {
        var corpus = new[] { Path.Combine(RepoPaths.Root, "models", "dbeta-default-config.json"), RepoPaths.Fixture("onnx", "config.json") }
            .Select(File.ReadAllBytes).ToArray();
        var campaign = new FuzzCampaign("config.json (DBetaConfig.Load)", seed: 0x4346);
        var report = campaign.Run((rng, folder) =>
        {
            byte[] original = corpus[rng.Next(corpus.Length)];
            string what;
            byte[] bytes = rng.Next(4) == 0 ? ByteMutator.Mutate(original, rng, out what) : Edit(original, rng, out what);
            string path = Path.Combine(folder, "config.json");
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, what);
        }, input =>
        {
            var config = DBetaConfig.Load(input.Path);
            int[] dims = [config.EncoderLayers, config.EncoderEmbedDim, config.EncoderFfnDim, config.EncoderAttentionHeads, config.ConvPosKernel, config.ConvPosGroups, config.EmbeddingDim, config.ConvChannels, config.ConvLayers, config.ConvKernel, config.ConvStride];
            EcgSourceProbe.Check(dims.All(d => d > 0), $"a non-positive size: {string.Join(", ", dims)}");
            EcgSourceProbe.Check(config.EncoderEmbedDim % config.EncoderAttentionHeads == 0, "the width is not a multiple of the heads");
            EcgSourceProbe.Check(config.ConvLayers is >= 1 and <= 64, $"{config.ConvLayers} convolution layers");
            // The reference: System.Text.Json's document reader; a repeated key counts with its last value.
            using var document = JsonDocument.Parse(File.ReadAllBytes(input.Path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var model = document.RootElement.EnumerateObject().LastOrDefault(p => p.NameEquals("model")).Value is { ValueKind: JsonValueKind.Object } inner ? inner : document.RootElement;
            int[] read = [config.EncoderLayers, config.EncoderEmbedDim, config.EncoderFfnDim, config.EncoderAttentionHeads, config.ConvPosKernel, config.ConvPosGroups, config.EmbeddingDim];
            for (int k = 0; k < IntKeys.Length; k++)
                if (model.EnumerateObject().LastOrDefault(p => p.NameEquals(IntKeys[k])).Value is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out int expected))
                    EcgSourceProbe.Check(read[k] == expected, $"{IntKeys[k]} is {read[k]}, the file says {expected}");
        });
        report.AssertClean(TestContext);
    }

    private static byte[] Edit(byte[] original, Random rng, out string what)
    {
        var root = JsonNode.Parse(original)!.AsObject();
        var model = root["model"]!.AsObject();
        switch (rng.Next(6))
        {
            case < 3:
                {
                    string key = IntKeys[rng.Next(IntKeys.Length)];
                    var value = Values[rng.Next(Values.Length)]?.DeepClone();
                    model[key] = value;
                    what = $"{key} = {value?.ToJsonString() ?? "null"}";
                    break;
                }
            case 3:
            case 4:
                {
                    string layers = Layers[rng.Next(Layers.Length)];
                    if (rng.Next(3) == 0)
                    {
                        int at = rng.Next(layers.Length + 1);
                        layers = layers.Insert(at, "()[],*+ 9x-"[rng.Next(11)].ToString());
                    }
                    model["conv_feature_layers"] = layers;
                    what = $"conv_feature_layers = {layers[..Math.Min(40, layers.Length)]}";
                    break;
                }
            default:
                {
                    int kind = rng.Next(3);
                    what = new[] { "model unwrapped", "model is a string", "model is an array" }[kind];
                    return Encoding.UTF8.GetBytes(kind switch
                    {
                        0 => model.ToJsonString(),
                        1 => "{\"model\": \"x\", \"encoder_layers\": 0}",
                        _ => "{\"model\": [1, 2]}",
                    });
                }
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
