using DBeta.MLNet.Onnx.Proto;
using static DBeta.MLNet.OnnxAttribute;

namespace DBeta.MLNet;

/// <summary>
/// The zero-shot head as a small ONNX graph for ML.NET's <c>OnnxTransformer</c>: one embedding row float <c>[D]</c>
/// (input named as the embedding column) times the prompt matrix <c>[D, K]</c> gives the scores <c>[K]</c> (output
/// named as the scores column). A LabelEncoder node named <c>mlnet.&lt;scores&gt;.SlotNames</c> carries the labels,
/// the convention ML.NET's own ONNX export uses and its <c>OnnxTransformer</c> reads back as the column's slot names.
/// </summary>
internal static class ZeroShotGraph
{
    /// <summary>Value of the <c>dbeta.kind</c> metadata entry.</summary>
    public const string Kind = "zeroshot";

    public static ModelProto Build(PromptEmbeddings prompts, string embeddingColumnName, string scoresColumnName)
    {
        int d = prompts.Dimension, k = prompts.Count;
        string slotNamesOutput = $"mlnet.{scoresColumnName}.unusedOutput";
        var g = new OnnxGraphBuilder("dbeta_zeroshot");
        g.Reserve(scoresColumnName);
        g.Reserve(slotNamesOutput);

        string x = g.Input(embeddingColumnName, TensorProto.Types.DataType.Float, d);
        var matrix = new float[d * k];
        for (int j = 0; j < k; j++)
        {
            var prompt = prompts[j];
            for (int i = 0; i < d; i++) matrix[i * k + j] = prompt[i];
        }
        string scores = g.MatMul(x, g.Initializer("dbeta.prompt_embeddings", matrix, d, k), "dbeta.zeroshot");
        g.Output(scores, scoresColumnName, TensorProto.Types.DataType.Float, k);

        string one = g.Initializer($"mlnet.{scoresColumnName}.one", ["one"], 1, 1);
        string slotNames = g.Node("LabelEncoder", [one], 1, OnnxGraphBuilder.MachineLearningDomain, $"mlnet.{scoresColumnName}.SlotNames",
            Strings("keys_strings", prompts.Labels), Ints("values_int64s", [.. Enumerable.Range(0, k).Select(i => (long)i)]))[0];
        g.Output(slotNames, slotNamesOutput, TensorProto.Types.DataType.Int64, 1, 1);

        return g.ToModel(typeof(ZeroShotGraph).Assembly.GetName().Version?.ToString() ?? "0",
            "D-BETA zero-shot head: embedding [D] x prompt embeddings [D, K] -> scores [K]",
            [new("dbeta.kind", Kind), new("dbeta.labels", string.Join("\n", prompts.Labels))]);
    }
}
