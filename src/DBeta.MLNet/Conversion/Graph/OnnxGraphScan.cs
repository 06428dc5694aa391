using DBeta.MLNet.Onnx.Proto;
using Google.Protobuf;

namespace DBeta.MLNet;

/// <summary>
/// The layout of an ONNX model file read field by field: where each top-level field and each graph field lies in the
/// file, with nodes and value infos parsed and initializers reduced to their names. Weights are skipped, never held,
/// so a copy of a multi-hundred-megabyte model can be written with a few graph fields changed and the rest copied as bytes.
/// </summary>
internal sealed class OnnxGraphScan
{
    // Field numbers of the ONNX specification (onnx/onnx.proto).
    public const int ModelGraphField = 7;
    public const int GraphNodeField = 1;
    public const int GraphInitializerField = 5;
    public const int GraphInputField = 11;
    public const int GraphOutputField = 12;
    public const int GraphValueInfoField = 13;
    private const int TensorDimsField = 1, TensorDataTypeField = 2, TensorNameField = 8;

    // Fields outside the initializers are parsed or copied whole; one this large is not an ONNX model's.
    private const long LargestCopiedField = 64 << 20;

    /// <summary>One field of the model or of its graph: its byte range in the file (tag included) and, for graph fields, what was parsed.</summary>
    public sealed record Field(int Number, long Start, long End)
    {
        /// <summary>The parsed node or value info; null for fields copied as bytes.</summary>
        public IMessage? Message { get; init; }

        /// <summary>An initializer's name, element type and dimensions, its data left on disk (graph field 5).</summary>
        public TensorProto? Initializer { get; init; }

        /// <summary>The name of an initializer (graph field 5).</summary>
        public string? InitializerName => Initializer?.Name;
    }

    private OnnxGraphScan(string path, List<Field> modelFields, List<Field> graphFields)
    {
        Path = path;
        ModelFields = modelFields;
        GraphFields = graphFields;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>Top-level fields in file order; the graph is the one with <see cref="ModelGraphField"/>.</summary>
    public IReadOnlyList<Field> ModelFields { get; }

    /// <summary>The graph's fields in file order.</summary>
    public IReadOnlyList<Field> GraphFields { get; }

    public IEnumerable<NodeProto> Nodes => Messages<NodeProto>(GraphNodeField);

    public IEnumerable<ValueInfoProto> Inputs => Messages<ValueInfoProto>(GraphInputField);

    public IEnumerable<ValueInfoProto> Outputs => Messages<ValueInfoProto>(GraphOutputField);

    public IEnumerable<string> InitializerNames => GraphFields.Where(f => f.InitializerName is not null).Select(f => f.InitializerName!);

    /// <summary>Every value name the graph defines or uses: inputs, outputs, initializers, node inputs and outputs, value infos.</summary>
    public HashSet<string> ValueNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        AddValueNames(Nodes, names);
        names.UnionWith(InitializerNames);
        names.UnionWith(Messages<ValueInfoProto>(GraphInputField, GraphOutputField, GraphValueInfoField).Select(v => v.Name));
        return names;
    }

    /// <summary>The graphs a node's attributes hold (an If's branches, a Loop's body).</summary>
    public static IEnumerable<GraphProto> Subgraphs(NodeProto node) =>
        node.Attribute.SelectMany(a => a.Graphs.Prepend(a.G)).OfType<GraphProto>();

    /// <summary>The names the nodes use, those of the nodes inside their subgraphs (If, Loop) included.</summary>
    private static void AddValueNames(IEnumerable<NodeProto> nodes, HashSet<string> names)
    {
        foreach (var node in nodes)
        {
            names.UnionWith(node.Input.Where(n => n.Length > 0));
            names.UnionWith(node.Output.Where(n => n.Length > 0));
            foreach (var graph in Subgraphs(node))
            {
                AddValueNames(graph.Node, names);
                names.UnionWith(graph.Initializer.Select(t => t.Name));
                names.UnionWith(graph.Input.Concat(graph.Output).Concat(graph.ValueInfo).Select(v => v.Name));
            }
        }
    }

    private IEnumerable<T> Messages<T>(params int[] numbers) where T : IMessage =>
        GraphFields.Where(f => numbers.Contains(f.Number)).Select(f => (T)f.Message!);

    /// <summary>Reads the layout of <paramref name="path"/>; a file that is not an ONNX model is a <see cref="ModelFormatException"/>.</summary>
    public static OnnxGraphScan Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var input = new CodedInputStream(file, leaveOpen: true);
        var modelFields = new List<Field>();
        List<Field>? graphFields = null;
        try
        {
            while (true)
            {
                long start = input.Position;
                uint tag = input.ReadTag();
                if (tag == 0) break;
                int number = WireFormat.GetTagFieldNumber(tag);
                if (number == ModelGraphField && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    if (graphFields is not null) throw new ModelFormatException(path, "holds two graph fields; expected one graph");
                    long length = (uint)input.ReadLength(), remaining = file.Length - input.Position;
                    if (length > remaining) throw new ModelFormatException(path, $"the graph claims {length} bytes but only {remaining} remain");
                    graphFields = ReadGraph(input, input.Position + length, path);
                }
                else
                {
                    input.SkipLastField();
                }
                modelFields.Add(new Field(number, start, input.Position));
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(path, "not a valid ONNX model: " + e.Message, e);
        }
        if (graphFields is null) throw new ModelFormatException(path, "has no graph; is it an ONNX model?");
        return new OnnxGraphScan(path, modelFields, graphFields);
    }

    private static List<Field> ReadGraph(CodedInputStream input, long end, string path)
    {
        var fields = new List<Field>();
        while (input.Position < end)
        {
            long start = input.Position;
            uint tag = input.ReadTag();
            int number = WireFormat.GetTagFieldNumber(tag);
            bool delimited = WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;
            IMessage? message = null;
            TensorProto? initializer = null;
            switch (number)
            {
                case GraphNodeField when delimited:
                    message = new NodeProto();
                    input.ReadMessage(message);
                    break;
                case GraphInputField or GraphOutputField or GraphValueInfoField when delimited:
                    message = new ValueInfoProto();
                    input.ReadMessage(message);
                    break;
                case GraphInitializerField when delimited:
                    initializer = ReadTensorHeader(input, path);
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
            fields.Add(new Field(number, start, input.Position) { Message = message, Initializer = initializer });
        }
        if (input.Position != end) throw new ModelFormatException(path, $"the graph's last field runs past its end at byte {end}");
        return fields;
    }

    /// <summary>Reads a TensorProto's name, element type and dimensions and skips its data.</summary>
    private static TensorProto ReadTensorHeader(CodedInputStream input, string path)
    {
        int length = input.ReadLength();
        long end = input.Position + length;
        var tensor = new TensorProto();
        while (input.Position < end)
        {
            uint tag = input.ReadTag();
            int number = WireFormat.GetTagFieldNumber(tag);
            var wire = WireFormat.GetTagWireType(tag);
            if (number == TensorNameField && wire == WireFormat.WireType.LengthDelimited)
                tensor.Name = input.ReadString();
            else if (number == TensorDataTypeField && wire == WireFormat.WireType.Varint)
                tensor.DataType = input.ReadInt32();
            else if (number == TensorDimsField && wire == WireFormat.WireType.Varint)
                tensor.Dims.Add(input.ReadInt64());
            else if (number == TensorDimsField && wire == WireFormat.WireType.LengthDelimited)
            {
                long packedEnd = input.ReadLength() + input.Position;
                while (input.Position < packedEnd) tensor.Dims.Add(input.ReadInt64());
            }
            else
                input.SkipLastField();
        }
        if (input.Position != end) throw new ModelFormatException(path, $"an initializer's last field runs past its end at byte {end}");
        return tensor;
    }

    /// <summary>
    /// The model without its weights: every field, the graph's nodes, inputs, outputs and metadata included, with each
    /// initializer's name, type and dimensions but no data, so a 250 MB model's structure costs a few hundred kilobytes.
    /// </summary>
    /// <exception cref="ModelFormatException">A field outside the initializers is implausibly large or malformed.</exception>
    public ModelProto Outline()
    {
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var model = new ModelProto();
        try
        {
            foreach (var field in ModelFields)
                if (field.Number != ModelGraphField) model.MergeFrom(Bytes(file, field));
            var graph = new GraphProto();
            foreach (var field in GraphFields)
            {
                switch (field)
                {
                    case { Initializer: { } tensor }: graph.Initializer.Add(tensor); break;
                    case { Number: GraphNodeField, Message: NodeProto node }: graph.Node.Add(node); break;
                    case { Number: GraphInputField, Message: ValueInfoProto input }: graph.Input.Add(input); break;
                    case { Number: GraphOutputField, Message: ValueInfoProto output }: graph.Output.Add(output); break;
                    case { Number: GraphValueInfoField, Message: ValueInfoProto info }: graph.ValueInfo.Add(info); break;
                    default: graph.MergeFrom(Bytes(file, field)); break;
                }
            }
            model.Graph = graph;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(Path, "not a valid ONNX model: " + e.Message, e);
        }
        return model;
    }

    private byte[] Bytes(FileStream file, Field field)
    {
        if (field.End - field.Start > LargestCopiedField)
            throw new ModelFormatException(Path, $"not a valid ONNX model: a {field.End - field.Start}-byte field outside the initializers at byte {field.Start}");
        var bytes = new byte[field.End - field.Start];
        file.Position = field.Start;
        file.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Reads the whole initializer at <paramref name="field"/> (to rename it).</summary>
    public TensorProto ReadInitializer(Field field)
    {
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        file.Position = field.Start;
        var input = new CodedInputStream(file, leaveOpen: true);
        input.ReadTag();
        var tensor = new TensorProto();
        input.ReadMessage(tensor);
        return tensor;
    }
}
