using DBeta.MLNet.Onnx.Proto;
using Google.Protobuf;

namespace DBeta.MLNet;

/// <summary>Writes and reads ONNX model files.</summary>
internal static class OnnxModelFile
{
    /// <summary>
    /// Streams <paramref name="model"/> to <paramref name="path"/> through a temporary file (no second in-memory copy of the
    /// weights); returns the file size in bytes.
    /// </summary>
    public static long Write(ModelProto model, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var coded = new CodedOutputStream(stream, leaveOpen: true);
            model.WriteTo(coded);
            coded.Flush();
        });
        return new FileInfo(path).Length;
    }

    /// <summary>Parses a model file (tests and tools; loads the whole file).</summary>
    public static ModelProto Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(path, "not a valid ONNX model: " + e.Message, e);
        }
    }
}
