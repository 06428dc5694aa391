using DBeta.MLNet.Onnx.Proto;
using Google.Protobuf;
using DataType = DBeta.MLNet.Onnx.Proto.TensorProto.Types.DataType;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated ONNX encoders through <see cref="EcgEncoder"/> and <see cref="TextEncoder"/> (open, then embed one input):
/// the input's shape or type wrong (11 or 13 leads, rank 2 or 4, int64, no input), the output's wrong, nodes removed,
/// retyped, rewired into cycles or fed missing values, attributes out of range, initializers whose dims disagree with
/// their bytes or that point at external files, opset and IR versions absurd, and protobuf bytes mutated. A model that
/// loads and runs must give finite embeddings of its declared width.
/// </summary>
[TestClass]
public sealed class OnnxModelFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly Lazy<string> SmallTextModel = new(() =>
    {
        // The tiny text model's T5 vocabulary (32128 x 64) dominates its size; 512 pieces keep each case small.
        var config = DBetaConfig.Tiny with { VocabSize = 512 };
        string path = Path.Combine(Path.GetTempPath(), "dbeta-tests", $"fuzz-text-{Environment.ProcessId}", DBetaConverter.TextFileName);
        DBetaConverter.WriteTextModel(DBetaModels.CreateRandom(config, seed: 5), config, path);
        return path;
    });

    private static readonly string[] OpTypes = ["Conv", "Relu", "MatMul", "Reshape", "Gather", "Softmax", "Add", "Transpose", "Foo", ""];
    private static readonly long[] Dims = [0, -1, 1, 2, 11, 13, 4999, 1L << 31, 1L << 40];
    private static readonly int[] ElementTypes = [0, (int)DataType.Uint8, (int)DataType.Int64, (int)DataType.Float16, (int)DataType.Double, (int)DataType.Float, 999];

    [TestMethod]
    public void MutatedOnnxModelsEndInATypedErrorOrFiniteEmbeddings()
    {
        var ecg = File.ReadAllBytes(TinyModels.EcgModel);
        var text = File.ReadAllBytes(SmallTextModel.Value);
        var campaign = new FuzzCampaign("ONNX model (Ecg/TextEncoder)", seed: 0x4f4e4e58);
        var report = campaign.Run((rng, folder) =>
        {
            bool isText = rng.Next(3) == 0;
            byte[] original = isText ? text : ecg;
            string what;
            byte[] bytes;
            if (rng.Next(3) == 0)
            {
                var model = ModelProto.Parser.ParseFrom(original);
                int nodes = model.Graph.Node.Sum(n => n.CalculateSize() + 3);
                int tail = model.Graph.Input.Sum(i => i.CalculateSize() + 3) + model.Graph.Output.Sum(o => o.CalculateSize() + 3) + model.MetadataProps.Sum(m => m.CalculateSize() + 3) + 256;
                bytes = ByteMutator.Mutate(original, rng, out what, [(0, Math.Min(nodes + 64, original.Length)), (Math.Max(0, original.Length - tail), Math.Min(tail, original.Length))]);
            }
            else
            {
                var model = ModelProto.Parser.ParseFrom(original);
                what = Edit(model, rng);
                bytes = model.ToByteArray();
            }
            string path = Path.Combine(folder, isText ? "dbeta-text.onnx" : "dbeta-ecg.onnx");
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, (isText ? "text: " : "ecg: ") + what);
        }, input =>
        {
            var options = new OnnxExecutionOptions { IntraOpThreads = 1 };
            if (input.Mutation.StartsWith("text", StringComparison.Ordinal))
            {
                using var encoder = new TextEncoder(input.Path, options);
                var batch = new TextTokenBatch([5, 9, 17, 1, 7, 1, 0, 0], [1, 1, 1, 1, 1, 1, 0, 0], 2, 4, [4, 2]);
                CheckEmbeddings(encoder.Embed(batch), 2, encoder.EmbeddingDim);
            }
            else
            {
                using var encoder = new EcgEncoder(input.Path, options);
                int samples = encoder.SampleCount > 0 ? encoder.SampleCount : 500;
                if ((long)encoder.LeadCount * samples > 1 << 20) return; // a model for absurd inputs: nothing sensible to feed it
                var ecgs = new float[2 * encoder.LeadCount * samples];
                for (int i = 0; i < ecgs.Length; i++) ecgs[i] = MathF.Sin(i * 0.01f);
                var embeddings = new float[2 * encoder.EmbeddingDim];
                encoder.Embed(ecgs, 2, samples, embeddings);
                CheckEmbeddings(embeddings, 2, encoder.EmbeddingDim);
            }
        });
        report.AssertClean(TestContext);
    }

    private static void CheckEmbeddings(float[] embeddings, int count, int dim)
    {
        EcgSourceProbe.Check(embeddings.Length == count * dim, $"{embeddings.Length} values for {count} embeddings of {dim}");
        EcgSourceProbe.Check(embeddings.All(float.IsFinite), "an embedding holds NaN or Inf without an error");
    }

    private static string Edit(ModelProto model, Random rng)
    {
        var graph = model.Graph;
        switch (rng.Next(14))
        {
            case 0:
            case 1:
                {
                    var value = rng.Next(3) == 0 ? graph.Output[0] : graph.Input[rng.Next(graph.Input.Count)];
                    var shape = value.Type.TensorType.Shape;
                    int op = rng.Next(4);
                    if (op == 0 && shape.Dim.Count > 0) shape.Dim.RemoveAt(rng.Next(shape.Dim.Count));
                    else if (op == 1) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = Dims[rng.Next(Dims.Length)] });
                    else if (shape.Dim.Count > 0)
                    {
                        var dim = shape.Dim[rng.Next(shape.Dim.Count)];
                        if (op == 2) dim.DimValue = Dims[rng.Next(Dims.Length)];
                        else dim.DimParam = "n";
                    }
                    return $"shape of '{value.Name}' -> [{string.Join(", ", shape.Dim.Select(d => d.HasDimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.DimParam))}]";
                }
            case 2:
                {
                    var value = rng.Next(3) == 0 ? graph.Output[0] : graph.Input[rng.Next(graph.Input.Count)];
                    int type = ElementTypes[rng.Next(ElementTypes.Length)];
                    value.Type.TensorType.ElemType = type;
                    return $"element type of '{value.Name}' -> {type}";
                }
            case 3:
                {
                    int op = rng.Next(4);
                    if (op == 0) graph.Input.RemoveAt(rng.Next(graph.Input.Count));
                    else if (op == 1) graph.Output.Clear();
                    else if (op == 2) graph.Input.Add(graph.Input[0].Clone().Also(v => v.Name = "extra"));
                    else graph.Input[0].Name = "renamed";
                    return new[] { "an input removed", "outputs removed", "an extra input", "the input renamed" }[op];
                }
            case 4:
            case 5:
                {
                    int i = rng.Next(graph.Node.Count);
                    var node = graph.Node[i];
                    int op = rng.Next(5);
                    if (op == 0) graph.Node.RemoveAt(i);
                    else if (op == 1) node.OpType = OpTypes[rng.Next(OpTypes.Length)];
                    else if (op == 2) node.Domain = "com.example.evil";
                    else if (op == 3 && node.Input.Count > 0) node.Input[rng.Next(node.Input.Count)] = rng.Next(2) == 0 ? "missing" : node.Output[0];
                    else graph.Node.Add(node.Clone());
                    return $"node {i} ({node.OpType}) edit {op}";
                }
            case 6:
            case 7:
                {
                    var withAttributes = graph.Node.Where(n => n.Attribute.Count > 0).ToList();
                    var node = withAttributes[rng.Next(withAttributes.Count)];
                    var attribute = node.Attribute[rng.Next(node.Attribute.Count)];
                    int op = rng.Next(4);
                    if (op == 0) node.Attribute.Remove(attribute);
                    else if (op == 1) { attribute.I = Dims[rng.Next(Dims.Length)]; attribute.Type = AttributeProto.Types.AttributeType.Int; }
                    else if (op == 2) { attribute.Ints.Clear(); attribute.Ints.Add(Dims[rng.Next(Dims.Length)]); }
                    else attribute.F = float.NaN;
                    return $"{node.OpType} attribute '{attribute.Name}' edit {op}";
                }
            case 8:
            case 9:
            case 10:
                {
                    var tensor = graph.Initializer[rng.Next(graph.Initializer.Count)];
                    int op = rng.Next(7);
                    if (op == 0 && tensor.Dims.Count > 0) tensor.Dims[rng.Next(tensor.Dims.Count)] = Dims[rng.Next(Dims.Length)];
                    else if (op == 1) tensor.RawData = tensor.RawData.Span.Length > 0 ? ByteString.CopyFrom(tensor.RawData.Span[..rng.Next(tensor.RawData.Length)]) : tensor.RawData;
                    else if (op == 2) tensor.DataType = ElementTypes[rng.Next(ElementTypes.Length)];
                    else if (op == 3) graph.Initializer.Remove(tensor);
                    else if (op == 4) graph.Initializer.Add(tensor.Clone());
                    else if (op == 5) tensor.Dims.Add(Dims[rng.Next(Dims.Length)]);
                    else
                    {
                        // External data (fields 13 and 14, outside the converter's onnx.proto subset): written as raw fields.
                        tensor.RawData = ByteString.Empty;
                        string location = new[] { "/etc/hostname", "../../../../etc/hostname", "missing.bin", "dbeta-ecg.onnx" }[rng.Next(4)];
                        var entry = new StringStringEntryProto { Key = "location", Value = location }.ToByteArray();
                        using var raw = new MemoryStream();
                        var output = new CodedOutputStream(raw);
                        output.WriteTag(13, WireFormat.WireType.LengthDelimited);
                        output.WriteBytes(ByteString.CopyFrom(entry));
                        output.WriteTag(14, WireFormat.WireType.Varint);
                        output.WriteEnum(1);
                        output.Flush();
                        var replaced = TensorProto.Parser.ParseFrom([.. tensor.ToByteArray(), .. raw.ToArray()]);
                        graph.Initializer[graph.Initializer.IndexOf(tensor)] = replaced;
                    }
                    return $"initializer '{tensor.Name}' edit {op}";
                }
            case 11:
                {
                    long version = new long[] { 1, 7, 12, 99, 1000, -1 }[rng.Next(6)];
                    if (rng.Next(2) == 0) model.OpsetImport[0].Version = version;
                    else model.OpsetImport.Clear();
                    return $"opset {version} or none";
                }
            case 12:
                {
                    long version = new long[] { 0, 1, 3, 99, 1L << 40 }[rng.Next(5)];
                    model.IrVersion = version;
                    return $"ir_version {version}";
                }
            default:
                {
                    // A cycle: an early node consumes a late node's output.
                    var first = graph.Node[rng.Next(graph.Node.Count / 2)];
                    var late = graph.Node[graph.Node.Count / 2 + rng.Next(graph.Node.Count - graph.Node.Count / 2)];
                    if (first.Input.Count > 0) first.Input[0] = late.Output[0];
                    return $"cycle {first.OpType} <- {late.OpType}";
                }
        }
    }
}

internal static class ProtoEdits
{
    /// <summary>Applies <paramref name="edit"/> and returns the message, for edits inside expressions.</summary>
    public static T Also<T>(this T message, Action<T> edit)
    {
        edit(message);
        return message;
    }
}
