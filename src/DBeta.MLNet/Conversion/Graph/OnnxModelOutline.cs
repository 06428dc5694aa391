using DBeta.MLNet.Onnx.Proto;
using Google.Protobuf;

namespace DBeta.MLNet;

/// <summary>
/// Reads an ONNX model file without its weights: nodes, inputs, outputs, metadata and each initializer's name, type and
/// dimensions (their data is skipped on disk, not read), so a 250 MB model's structure costs a few hundred kilobytes.
/// </summary>
internal static class OnnxModelOutline
{
    private const int ModelGraphField = 7;
    private const int GraphInitializerField = 5;
    private const int TensorDimsField = 1, TensorDataTypeField = 2, TensorNameField = 8;
    private const int WireVarint = 0, WireFixed64 = 1, WireLength = 2, WireFixed32 = 5;

    /// <summary>The model in <paramref name="path"/> with every initializer's data left empty.</summary>
    /// <exception cref="ModelFormatException">The file is not a well-formed ONNX protobuf.</exception>
    public static ModelProto Read(string path)
    {
        try
        {
            return ReadModel(path);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(path, "not a valid ONNX model: " + e.Message, e);
        }
    }

    private static ModelProto ReadModel(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new Reader(stream, path);
        var model = new ModelProto();
        while (reader.Position < stream.Length)
        {
            long start = reader.Position;
            var (field, wire) = reader.Tag();
            if (field == ModelGraphField && wire == WireLength)
                model.Graph = ReadGraph(reader, reader.Length());
            else
                model.MergeFrom(reader.Copy(start, wire));
        }
        return model;
    }

    private static GraphProto ReadGraph(Reader reader, long end)
    {
        var graph = new GraphProto();
        while (reader.Position < end)
        {
            long start = reader.Position;
            var (field, wire) = reader.Tag();
            if (field == GraphInitializerField && wire == WireLength)
                graph.Initializer.Add(ReadTensorHeader(reader, reader.Length()));
            else
                graph.MergeFrom(reader.Copy(start, wire));
        }
        reader.Expect(end);
        return graph;
    }

    private static TensorProto ReadTensorHeader(Reader reader, long end)
    {
        var tensor = new TensorProto();
        while (reader.Position < end)
        {
            var (field, wire) = reader.Tag();
            if (field == TensorDimsField && wire == WireVarint) tensor.Dims.Add((long)reader.Varint());
            else if (field == TensorDimsField && wire == WireLength)
            {
                long packedEnd = reader.Length();
                while (reader.Position < packedEnd) tensor.Dims.Add((long)reader.Varint());
                reader.Expect(packedEnd);
            }
            else if (field == TensorDataTypeField && wire == WireVarint) tensor.DataType = (int)reader.Varint();
            else if (field == TensorNameField && wire == WireLength) tensor.Name = reader.Utf8(reader.Length());
            else reader.Skip(wire);
        }
        reader.Expect(end);
        return tensor;
    }

    private sealed class Reader(FileStream stream, string path)
    {
        public long Position => stream.Position;

        public (int Field, int Wire) Tag()
        {
            ulong tag = Varint();
            int field = (int)(tag >> 3);
            if (field <= 0) throw Error("field number 0");
            return (field, (int)(tag & 7));
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                int b = stream.ReadByte();
                if (b < 0) throw Error("truncated varint");
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
            throw Error("varint longer than 10 bytes");
        }

        /// <summary>Reads a length prefix; returns the end position of the field it announces.</summary>
        public long Length()
        {
            ulong length = Varint();
            if (length > (ulong)(stream.Length - stream.Position)) throw Error($"a field claims {length} bytes but only {stream.Length - stream.Position} remain");
            return stream.Position + (long)length;
        }

        public string Utf8(long end)
        {
            var bytes = new byte[end - stream.Position];
            stream.ReadExactly(bytes);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case WireVarint: Varint(); break;
                case WireFixed64: Seek(8); break;
                case WireFixed32: Seek(4); break;
                case WireLength: stream.Position = Length(); break;
                default: throw Error($"unsupported wire type {wire}");
            }
        }

        /// <summary>Skips the field whose tag started at <paramref name="start"/> and returns its bytes, tag included.</summary>
        public byte[] Copy(long start, int wire)
        {
            Skip(wire);
            long end = stream.Position;
            if (end - start > 64 << 20) throw Error($"a {end - start}-byte field outside the initializers");
            var bytes = new byte[end - start];
            stream.Position = start;
            stream.ReadExactly(bytes);
            return bytes;
        }

        public void Expect(long end)
        {
            if (stream.Position != end) throw Error("a nested message overruns its length");
        }

        private void Seek(long bytes)
        {
            if (stream.Position + bytes > stream.Length) throw Error("truncated fixed-size field");
            stream.Position += bytes;
        }

        private ModelFormatException Error(string problem) => new(path, $"not a valid ONNX model: {problem} at byte {stream.Position}");
    }
}
