using System.Buffers.Binary;
using System.Globalization;
using DBeta.MLNet.Onnx.Proto;
using Google.Protobuf;

namespace DBeta.MLNet;

/// <summary>
/// Builds one ONNX graph: initializers stored as little-endian <c>raw_data</c>, symbolic input/output
/// dimensions, nodes with attributes and unique names; <see cref="ToModel"/> wraps it in a model.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The ONNX operator set the graphs use (LayerNormalization needs 17).</summary>
    public const long OnnxOpset = 17;

    /// <summary>IR version that goes with opset 17 (ONNX 1.12).</summary>
    public const long IrVersion = 8;

    /// <summary>ONNX Runtime's contrib-op domain (Attention).</summary>
    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>ONNX's classical machine-learning domain (LabelEncoder).</summary>
    public const string MachineLearningDomain = "ai.onnx.ml";

    /// <summary>Largest model a protobuf message can hold, with headroom for the graph itself.</summary>
    public const long MaxInitializerBytes = int.MaxValue - (64L << 20);

    private readonly GraphProto _root;
    private GraphProto _graph; // where nodes go: the root graph, or an If branch being built
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _domains = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName) => _graph = _root = new GraphProto { Name = graphName };

    /// <summary>Bytes of tensor data added so far.</summary>
    public long InitializerBytes { get; private set; }

    /// <summary>Number of weights (float or int8) added so far (shared scalar constants not counted).</summary>
    public long ParameterCount { get; private set; }

    /// <summary>
    /// Adds a float32 initializer; returns its (unique) name. On little-endian hosts the array is referenced, not copied:
    /// it must not change until the model is written.
    /// </summary>
    public string Initializer(string name, float[] data, params long[] dims)
    {
        string unique = Constant(name, data, dims);
        ParameterCount += data.Length;
        return unique;
    }

    /// <summary>
    /// A float32 initializer that is not a model weight (a transform matrix, a scalar): as <see cref="Initializer(string, float[], long[])"/>
    /// but not counted in <see cref="ParameterCount"/>.
    /// </summary>
    public string Constant(string name, float[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        return AddTensor(name, TensorProto.Types.DataType.Float, RawBytes(data, BinaryPrimitives.WriteSingleLittleEndian), dims);
    }

    /// <summary>Adds an int64 initializer; returns its (unique) name (the array is referenced, as for floats).</summary>
    public string Initializer(string name, long[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        return AddTensor(name, TensorProto.Types.DataType.Int64, RawBytes(data, BinaryPrimitives.WriteInt64LittleEndian), dims);
    }

    /// <summary>Adds a string initializer (UTF-8 <c>string_data</c>); returns its (unique) name.</summary>
    public string Initializer(string name, string[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        string unique = Unique(name);
        var tensor = new TensorProto { Name = unique, DataType = (int)TensorProto.Types.DataType.String };
        tensor.Dims.AddRange(dims);
        tensor.StringData.AddRange(data.Select(ByteString.CopyFromUtf8));
        _root.Initializer.Add(tensor);
        return unique;
    }

    /// <summary>Adds an int8 initializer (quantised weights); returns its (unique) name. The array is referenced, as for floats.</summary>
    public string Initializer(string name, sbyte[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        ParameterCount += data.Length;
        return AddTensor(name, TensorProto.Types.DataType.Int8, new PinnedBytes<sbyte>(data).Memory, dims);
    }

    /// <summary>Adds a uint8 initializer (quantised weights, zero points); returns its (unique) name. The array is referenced.</summary>
    public string Initializer(string name, byte[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        ParameterCount += data.Length;
        return AddTensor(name, TensorProto.Types.DataType.Uint8, data, dims);
    }

    /// <summary>A float32 scalar constant, shared between nodes that use the same value.</summary>
    public string Scalar(float value)
    {
        string key = "f:" + BitConverter.SingleToInt32Bits(value).ToString(CultureInfo.InvariantCulture);
        if (!_constants.TryGetValue(key, out string? name))
        {
            name = Constant("const_" + value.ToString("R", CultureInfo.InvariantCulture), [value]);
            _constants[key] = name;
        }
        return name;
    }

    /// <summary>A 1-D int64 constant (shapes, axes, slice bounds), shared between nodes.</summary>
    public string Int64s(params long[] values)
    {
        string key = "i:" + string.Join(",", values);
        if (!_constants.TryGetValue(key, out string? name))
        {
            name = Initializer("const_i64_" + string.Join("_", values).Replace('-', 'm'), values, values.Length);
            _constants[key] = name;
        }
        return name;
    }

    /// <summary>An int64 scalar constant (rank 0), shared between nodes.</summary>
    public string Int64Scalar(long value)
    {
        string key = "s:" + value.ToString(CultureInfo.InvariantCulture);
        if (!_constants.TryGetValue(key, out string? name))
        {
            name = Initializer("const_i64s_" + value.ToString(CultureInfo.InvariantCulture).Replace('-', 'm'), [value]);
            _constants[key] = name;
        }
        return name;
    }

    /// <summary>
    /// Keeps <paramref name="name"/> free for a later <see cref="Input"/> or <see cref="Output"/> (names chosen by the
    /// caller, such as ML.NET column names), so no initializer or node output takes it first.
    /// </summary>
    public void Reserve(string name)
    {
        if (_names.Contains(name) || !_reserved.Add(name))
            throw new ArgumentException($"name '{name}' is already used in graph '{_root.Name}'");
    }

    /// <summary>Declares a graph input.</summary>
    public string Input(string name, TensorProto.Types.DataType type, params OnnxDim[] dims)
    {
        Claim(name);
        _root.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> as a graph output named <paramref name="name"/> (an Identity when they differ).</summary>
    public void Output(string value, string name, TensorProto.Types.DataType type, params OnnxDim[] dims)
    {
        if (value != name)
        {
            Claim(name);
            _root.Node.Add(new NodeProto { OpType = "Identity", Name = Unique("output_" + name), Input = { value }, Output = { name } });
        }
        _root.Output.Add(ValueInfo(name, type, dims));
    }

    /// <summary>
    /// Records the shape of an intermediate tensor (a <c>value_info</c> entry), e.g. to give a computed length a symbolic
    /// name where shape inference alone would leave it unknown; ONNX Runtime's fusions compare such names.
    /// </summary>
    public string DeclareShape(string value, TensorProto.Types.DataType type, params OnnxDim[] dims)
    {
        _graph.ValueInfo.Add(ValueInfo(value, type, dims));
        return value;
    }

    /// <summary>Adds a node with one output; returns the output's name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, string? name = null, params AttributeProto[] attributes) =>
        Node(opType, inputs, 1, "", name, attributes)[0];

    /// <summary>Adds a node from ONNX Runtime's <c>com.microsoft</c> domain with one output.</summary>
    public string MicrosoftNode(string opType, IReadOnlyList<string> inputs, string? name = null, params AttributeProto[] attributes) =>
        Node(opType, inputs, 1, MicrosoftDomain, name, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs; empty input names mark omitted optional inputs.</summary>
    public string[] Node(string opType, IReadOnlyList<string> inputs, int outputCount, string domain, string? name, params AttributeProto[] attributes)
    {
        string nodeName = Unique(name ?? opType);
        var node = new NodeProto { OpType = opType, Name = nodeName, Domain = domain };
        node.Input.AddRange(inputs);
        var outputs = new string[outputCount];
        for (int i = 0; i < outputCount; i++)
        {
            outputs[i] = Unique(outputCount == 1 ? nodeName + "_out" : $"{nodeName}_out{i}");
            node.Output.Add(outputs[i]);
        }
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        if (domain.Length > 0) _domains.Add(domain);
        return outputs;
    }

    /// <summary>
    /// An <c>If</c> node with one float output: each branch's nodes go into its own subgraph, while initializers (weights,
    /// constants) stay in the main graph, where both branches see them.
    /// </summary>
    public string If(string condition, Func<string> thenBranch, Func<string> elseBranch, string name)
    {
        var thenGraph = Branch(name + ".then", thenBranch);
        var elseGraph = Branch(name + ".else", elseBranch);
        return Node("If", [condition], name, OnnxAttribute.Graph("then_branch", thenGraph), OnnxAttribute.Graph("else_branch", elseGraph));
    }

    private GraphProto Branch(string name, Func<string> body)
    {
        if (_graph != _root) throw new InvalidOperationException("If branches do not nest");
        var branch = new GraphProto { Name = Unique(name) };
        _graph = branch;
        try
        {
            string result = body();
            if (!branch.Node.Any(n => n.Output.Contains(result)))
                result = Node("Identity", [result], name + ".result"); // a branch must produce its output itself
            branch.Output.Add(new ValueInfoProto
            {
                Name = result,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }
        finally
        {
            _graph = _root;
        }
        return branch;
    }

    // ---- Common operators, named for readability of the encoder graphs ----

    public string Add(string a, string b, string? name = null) => Node("Add", [a, b], name);

    public string Mul(string a, string b, string? name = null) => Node("Mul", [a, b], name);

    public string MatMul(string a, string b, string? name = null) => Node("MatMul", [a, b], name);

    /// <summary><c>x @ weight + bias</c> with a pre-transposed <c>[in, out]</c> weight.</summary>
    public string Linear(string x, string weight, string? bias, string name)
    {
        string y = MatMul(x, weight, name + ".matmul");
        return bias is null ? y : Add(y, bias, name + ".bias");
    }

    public string Transpose(string x, long[] perm, string? name = null) =>
        Node("Transpose", [x], name, OnnxAttribute.Ints("perm", perm));

    public string LayerNorm(string x, string weight, string bias, float epsilon, string name) =>
        Node("LayerNormalization", [x, weight, bias], name, OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", epsilon));

    /// <summary>
    /// Exact GELU, <c>0.5 x (1 + erf(x / sqrt 2))</c>, in the Div-Erf-Add-Mul-Mul form that ONNX Runtime fuses into one Gelu
    /// (and, after a bias Add, into BiasGelu).
    /// </summary>
    public string GeluErf(string x, string name)
    {
        string d = Node("Div", [x, Scalar(1.4142135623730951f)], name + ".div");
        string e = Node("Erf", [d], name + ".erf");
        string a = Add(e, Scalar(1f), name + ".add");
        string m = Mul(x, a, name + ".mul");
        return Mul(m, Scalar(0.5f), name + ".half");
    }

    /// <summary>
    /// Tanh-approximated GELU, <c>0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))</c>, written as
    /// <c>0.5x * (1 + tanh(sqrt(2/pi) x * (1 + 0.044715 x x)))</c>: the form ONNX Runtime fuses into FastGelu at opset 17.
    /// </summary>
    public string GeluTanh(string x, string name)
    {
        string cube = Mul(Mul(x, Scalar(0.044715f), name + ".c"), x, name + ".cx");
        string inner = Add(cube, Scalar(1f), name + ".inner");
        string scaled = Mul(inner, Mul(x, Scalar(0.7978845834732056f), name + ".k"), name + ".scaled");
        string t = Node("Tanh", [scaled], name + ".tanh");
        string onePlus = Add(t, Scalar(1f), name + ".oneplus");
        return Mul(Mul(x, Scalar(0.5f), name + ".half"), onePlus, name + ".mul");
    }

    /// <summary>RMS norm over the last axis, <c>x / sqrt(mean(x^2) + eps) * w</c>, in the form ONNX Runtime fuses into SimplifiedLayerNormalization.</summary>
    public string RmsNorm(string x, string weight, float epsilon, string name)
    {
        string sq = Node("Pow", [x, Scalar(2f)], name + ".pow");
        string mean = Node("ReduceMean", [sq], name + ".mean", OnnxAttribute.Ints("axes", -1), OnnxAttribute.Int("keepdims", 1));
        string rms = Node("Sqrt", [Add(mean, Scalar(epsilon), name + ".eps")], name + ".sqrt");
        string normed = Node("Div", [x, rms], name + ".div");
        return Mul(normed, weight, name + ".scale");
    }

    /// <summary>Wraps the graph in a model with opset imports, producer and metadata.</summary>
    public ModelProto ToModel(string producerVersion, string docString, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "DBeta.MLNet",
            ProducerVersion = producerVersion,
            Domain = "ai.dbeta",
            ModelVersion = 1,
            DocString = docString,
            Graph = _root,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxOpset });
        foreach (string domain in _domains)
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = domain == MachineLearningDomain ? 2 : 1 });
        foreach (var (key, value) in metadata)
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>ONNX raw_data is little-endian: wrap the array where the host matches, else write a converted copy.</summary>
    private static ReadOnlyMemory<byte> RawBytes<T>(T[] data, SpanAction<T> writeLittleEndian) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian) return new PinnedBytes<T>(data).Memory;
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var raw = new byte[data.Length * size];
        for (int i = 0; i < data.Length; i++) writeLittleEndian(raw.AsSpan(i * size), data[i]);
        return raw;
    }

    private delegate void SpanAction<T>(Span<byte> destination, T value);

    private string AddTensor(string name, TensorProto.Types.DataType type, ReadOnlyMemory<byte> raw, long[] dims)
    {
        if (InitializerBytes + raw.Length > MaxInitializerBytes)
            throw new ModelSizeException($"the ONNX graph '{_root.Name}' would exceed the 2 GB limit of a protobuf model file");
        string unique = Unique(name);
        var tensor = new TensorProto { Name = unique, DataType = (int)type, RawData = UnsafeByteOperations.UnsafeWrap(raw) };
        tensor.Dims.AddRange(dims);
        _root.Initializer.Add(tensor);
        InitializerBytes += raw.Length;
        return unique;
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = 1;
        foreach (long d in dims) expected *= d;
        if (expected != count)
            throw new ArgumentException($"initializer '{name}': dims [{string.Join(", ", dims)}] need {expected} values, got {count}");
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, OnnxDim[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d.Symbol is null ? new TensorShapeProto.Types.Dimension { DimValue = d.Value } : new TensorShapeProto.Types.Dimension { DimParam = d.Symbol });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private void Claim(string name)
    {
        if (_reserved.Remove(name)) _names.Add(name);
        else if (!_names.Add(name)) throw new ArgumentException($"name '{name}' is already used in graph '{_root.Name}'");
    }

    private string Unique(string name)
    {
        if (!_reserved.Contains(name) && _names.Add(name)) return name;
        for (int i = 1; ; i++)
        {
            string candidate = $"{name}_{i}";
            if (!_reserved.Contains(candidate) && _names.Add(candidate)) return candidate;
        }
    }
}
