using DBeta.MLNet.Onnx.Proto;
using Google.Protobuf;

namespace DBeta.MLNet;

/// <summary>
/// One end of a graph rewritten for ML.NET's <c>OnnxTransformer</c>: the model's own tensor, the column name it gets, and
/// the tensor's shape for one row (batch 1; the input's may hold one -1, as ONNX Reshape allows), between which the
/// column's flat vector is reshaped.
/// </summary>
internal sealed record OnnxRowBinding(string TensorName, string ColumnName, long[] RowShape);

/// <summary>
/// Writes a copy of an ONNX model that ML.NET's <c>OnnxTransformer</c> can run on a column as it is: its one input and
/// one output are named as the ML.NET columns and are flat float vectors (one row), reshaped to and from the model's
/// own tensors. ML.NET binds graph inputs and outputs to columns by name and turns an output's declared shape into the
/// column type, so the output is declared <c>[D]</c> and its column is <c>Vector&lt;Single, D&gt;</c>, as the DBeta
/// transformer writes it. The input's length stays symbolic (ML.NET is given it by a shape dictionary): with a fixed
/// length ONNX Runtime's shape inference turns the model's symbolic axes static and skips fusions it applies to the
/// original, and the embeddings then differ from the DBeta transformer's in the last bits.
/// </summary>
/// <remarks>
/// The file is rewritten field by field: nodes and value infos are parsed and changed, initializers are copied as
/// bytes from the source (read back one at a time only when one must be renamed), so writing the copy of a 250 MB
/// model holds no copy of its weights in memory.
/// </remarks>
internal static class OnnxRowModelWriter
{
    private const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>
    /// Writes <paramref name="destinationPath"/>: <paramref name="sourcePath"/> with graph input <c>input.ColumnName</c>
    /// (float <c>[values]</c>, symbolic) and graph output <c>output.ColumnName</c> (float <c>[product of output.RowShape]</c>).
    /// </summary>
    /// <exception cref="ModelFormatException">The source is not an ONNX model with float tensors named as the bindings say.</exception>
    public static void Write(string sourcePath, string destinationPath, OnnxRowBinding input, OnnxRowBinding output)
    {
        if (input.ColumnName == output.ColumnName)
            throw new ArgumentException($"the input and output columns are both named '{input.ColumnName}'; an ONNX graph cannot use one name for both");
        if (output.RowShape.Any(d => d <= 0))
            throw new ArgumentException($"the output's row shape [{string.Join(", ", output.RowShape)}] must be fixed");
        long outputWidth = output.RowShape.Aggregate(1L, (a, b) => a * b);
        var scan = OnnxGraphScan.Read(sourcePath);
        var initializers = scan.InitializerNames.ToHashSet(StringComparer.Ordinal);
        var graphInputs = scan.Inputs.Where(i => !initializers.Contains(i.Name)).ToList();
        if (graphInputs.Count != 1 || graphInputs[0].Name != input.TensorName)
            throw new ModelFormatException(sourcePath, $"has inputs [{string.Join(", ", graphInputs.Select(i => i.Name))}]; expected the one input '{input.TensorName}'");
        CheckFloat(sourcePath, graphInputs[0]);
        var graphOutput = scan.Outputs.FirstOrDefault(o => o.Name == output.TensorName)
            ?? throw new ModelFormatException(sourcePath, $"has no output '{output.TensorName}' (outputs: {string.Join(", ", scan.Outputs.Select(o => o.Name))})");
        CheckFloat(sourcePath, graphOutput);

        // The column names become graph values; a value of the model that already has one of those names moves aside.
        var used = scan.ValueNames();
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        string inputShapeName = Fresh("dbeta.row_input_shape", used);
        string outputShapeName = Fresh("dbeta.row_output_shape", used);
        foreach (string column in new[] { input.ColumnName, output.ColumnName })
            if (used.Contains(column)) renames[column] = Fresh(column + ".dbeta", used);
        string Renamed(string name) => renames.GetValueOrDefault(name, name);

        var inputNode = new NodeProto { OpType = "Reshape", Name = Fresh("dbeta.row_input", used), Input = { input.ColumnName, inputShapeName }, Output = { Renamed(input.TensorName) } };
        var outputNode = new NodeProto { OpType = "Reshape", Name = Fresh("dbeta.row_output", used), Input = { Renamed(output.TensorName), outputShapeName }, Output = { output.ColumnName } };

        var pieces = new List<Piece>();
        int firstNode = IndexOf(scan.GraphFields, OnnxGraphScan.GraphNodeField, first: true);
        int lastNode = IndexOf(scan.GraphFields, OnnxGraphScan.GraphNodeField, first: false);
        if (firstNode < 0) throw new ModelFormatException(sourcePath, "has no nodes");
        bool outputWritten = false;
        for (int i = 0; i < scan.GraphFields.Count; i++)
        {
            var field = scan.GraphFields[i];
            if (i == firstNode) pieces.Add(Piece.Of(OnnxGraphScan.GraphNodeField, inputNode));
            switch (field.Number)
            {
                case OnnxGraphScan.GraphNodeField:
                    var node = (NodeProto)field.Message!;
                    pieces.Add(renames.Count == 0 ? Piece.Copy(field) : Piece.Of(field.Number, RenameNode(node, Renamed)));
                    break;
                case OnnxGraphScan.GraphInputField:
                    var value = (ValueInfoProto)field.Message!;
                    pieces.Add(value.Name == input.TensorName ? Piece.Of(field.Number, FlatValue(input.ColumnName, null)) : Rename(field, value, Renamed));
                    break;
                case OnnxGraphScan.GraphOutputField:
                    if (!outputWritten) pieces.Add(Piece.Of(field.Number, FlatValue(output.ColumnName, outputWidth)));
                    outputWritten = true; // the model's other outputs are dropped: ML.NET would add a column for each
                    break;
                case OnnxGraphScan.GraphValueInfoField:
                    pieces.Add(Rename(field, (ValueInfoProto)field.Message!, Renamed));
                    break;
                case OnnxGraphScan.GraphInitializerField when renames.ContainsKey(field.InitializerName!):
                    var tensor = scan.ReadInitializer(field);
                    tensor.Name = Renamed(tensor.Name);
                    pieces.Add(Piece.Of(field.Number, tensor));
                    break;
                default:
                    pieces.Add(Piece.Copy(field));
                    break;
            }
            if (i == lastNode) pieces.Add(Piece.Of(OnnxGraphScan.GraphNodeField, outputNode));
        }
        pieces.Add(Piece.Of(OnnxGraphScan.GraphInitializerField, ShapeTensor(inputShapeName, input.RowShape)));
        pieces.Add(Piece.Of(OnnxGraphScan.GraphInitializerField, ShapeTensor(outputShapeName, [outputWidth])));

        long graphLength = pieces.Sum(p => p.Length);
        if (graphLength > int.MaxValue)
            throw new ModelFormatException(sourcePath, "is too large to rewrite as one protobuf message (2 GB limit)");
        AtomicFile.Write(destinationPath, stream =>
        {
            using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var buffer = new byte[1 << 20];
            foreach (var field in scan.ModelFields)
            {
                if (field.Number != OnnxGraphScan.ModelGraphField)
                {
                    CopyRange(source, field.Start, field.End, stream, buffer);
                    continue;
                }
                WriteVarint(stream, WireFormat.MakeTag(OnnxGraphScan.ModelGraphField, WireFormat.WireType.LengthDelimited));
                WriteVarint(stream, (ulong)graphLength);
                foreach (var piece in pieces)
                {
                    if (piece.Bytes is null) CopyRange(source, piece.Start, piece.End, stream, buffer);
                    else stream.Write(piece.Bytes);
                }
            }
        });
    }

    private static void CheckFloat(string path, ValueInfoProto value)
    {
        if (value.Type?.TensorType is not { ElemType: FloatType })
            throw new ModelFormatException(path, $"'{value.Name}' is not a float tensor");
    }

    private static int IndexOf(IReadOnlyList<OnnxGraphScan.Field> fields, int number, bool first)
    {
        var indices = Enumerable.Range(0, fields.Count).Where(i => fields[i].Number == number);
        return first ? indices.DefaultIfEmpty(-1).First() : indices.DefaultIfEmpty(-1).Last();
    }

    private static string Fresh(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int i = 1; used.Contains(candidate); i++) candidate = $"{name}_{i}";
        used.Add(candidate);
        return candidate;
    }

    private static NodeProto RenameNode(NodeProto node, Func<string, string> renamed)
    {
        var copy = node.Clone();
        RenameInPlace(copy, renamed);
        return copy;
    }

    /// <summary>Renames a node's inputs and outputs, and every name inside its subgraphs (If branches use outer values).</summary>
    private static void RenameInPlace(NodeProto node, Func<string, string> renamed)
    {
        for (int i = 0; i < node.Input.Count; i++) node.Input[i] = renamed(node.Input[i]);
        for (int i = 0; i < node.Output.Count; i++) node.Output[i] = renamed(node.Output[i]);
        foreach (var graph in OnnxGraphScan.Subgraphs(node))
        {
            foreach (var inner in graph.Node) RenameInPlace(inner, renamed);
            foreach (var tensor in graph.Initializer) tensor.Name = renamed(tensor.Name);
            foreach (var value in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo)) value.Name = renamed(value.Name);
        }
    }

    private static Piece Rename(OnnxGraphScan.Field field, ValueInfoProto value, Func<string, string> renamed)
    {
        string name = renamed(value.Name);
        if (name == value.Name) return Piece.Copy(field);
        var copy = value.Clone();
        copy.Name = name;
        return Piece.Of(field.Number, copy);
    }

    private static ValueInfoProto FlatValue(string name, long? width) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = FloatType,
                Shape = new TensorShapeProto
                {
                    Dim = { width is long w ? new TensorShapeProto.Types.Dimension { DimValue = w } : new TensorShapeProto.Types.Dimension { DimParam = "values" } },
                },
            },
        },
    };

    private static TensorProto ShapeTensor(string name, long[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, Int64Data = { shape } };
        tensor.Dims.Add(shape.Length);
        return tensor;
    }

    private static void CopyRange(FileStream source, long start, long end, Stream destination, byte[] buffer)
    {
        source.Position = start;
        for (long left = end - start; left > 0;)
        {
            int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw new EndOfStreamException($"{source.Name} changed while it was being copied");
            destination.Write(buffer, 0, read);
            left -= read;
        }
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }

    /// <summary>A graph field in the output: a byte range of the source, or a new field's bytes (tag and length included).</summary>
    private sealed record Piece(long Start, long End, byte[]? Bytes)
    {
        public long Length => Bytes?.Length ?? End - Start;

        public static Piece Copy(OnnxGraphScan.Field field) => new(field.Start, field.End, null);

        public static Piece Of(int number, IMessage message)
        {
            using var memory = new MemoryStream();
            WriteVarint(memory, WireFormat.MakeTag(number, WireFormat.WireType.LengthDelimited));
            byte[] body = message.ToByteArray();
            WriteVarint(memory, (ulong)body.Length);
            memory.Write(body);
            return new Piece(0, 0, memory.ToArray());
        }
    }
}
