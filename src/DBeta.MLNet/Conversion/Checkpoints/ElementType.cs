using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DBeta.MLNet;

/// <summary>An element type a checkpoint stores, with its size in bytes and its exact conversion to float32.</summary>
internal sealed class ElementType
{
    private enum Kind { Float32, Float64, Float16, BFloat16, Int64, Int32, Int16, Int8, UInt64, UInt32, UInt16, UInt8, Bool, Unsupported }

    private readonly Kind _kind;

    /// <summary>The numpy-style name recorded as <see cref="WeightTensor.SourceDType"/>, e.g. <c>bfloat16</c>.</summary>
    public string Name { get; }

    /// <summary>Bytes per element.</summary>
    public int Size { get; }

    /// <summary>False for element types that have no float32 conversion here (complex, quantized, float8).</summary>
    public bool IsSupported => _kind != Kind.Unsupported;

    private ElementType(string name, int size, Kind kind)
    {
        Name = name;
        Size = size;
        _kind = kind;
    }

    public static readonly ElementType Float32 = new("float32", 4, Kind.Float32);
    public static readonly ElementType Float64 = new("float64", 8, Kind.Float64);
    public static readonly ElementType Float16 = new("float16", 2, Kind.Float16);
    public static readonly ElementType BFloat16 = new("bfloat16", 2, Kind.BFloat16);
    public static readonly ElementType Int64 = new("int64", 8, Kind.Int64);
    public static readonly ElementType Int32 = new("int32", 4, Kind.Int32);
    public static readonly ElementType Int16 = new("int16", 2, Kind.Int16);
    public static readonly ElementType Int8 = new("int8", 1, Kind.Int8);
    public static readonly ElementType UInt64 = new("uint64", 8, Kind.UInt64);
    public static readonly ElementType UInt32 = new("uint32", 4, Kind.UInt32);
    public static readonly ElementType UInt16 = new("uint16", 2, Kind.UInt16);
    public static readonly ElementType UInt8 = new("uint8", 1, Kind.UInt8);
    public static readonly ElementType Bool = new("bool", 1, Kind.Bool);

    /// <summary>An element type this reader knows by name but cannot convert (kept so the error can name it).</summary>
    public static ElementType Unsupported(string name, int size) => new(name, size, Kind.Unsupported);

    /// <summary>The element type of a legacy typed storage class (<c>torch.FloatStorage</c>), or null when the name is not one.</summary>
    public static ElementType? FromTorchStorage(string module, string name)
    {
        if (module != "torch") return null;
        return name switch
        {
            "FloatStorage" => Float32,
            "DoubleStorage" => Float64,
            "HalfStorage" => Float16,
            "BFloat16Storage" => BFloat16,
            "LongStorage" => Int64,
            "IntStorage" => Int32,
            "ShortStorage" => Int16,
            "CharStorage" => Int8,
            "ByteStorage" => UInt8,
            "BoolStorage" => Bool,
            "ComplexFloatStorage" => Unsupported("complex64", 8),
            "ComplexDoubleStorage" => Unsupported("complex128", 16),
            "QInt8Storage" => Unsupported("qint8", 1),
            "QUInt8Storage" => Unsupported("quint8", 1),
            "QInt32Storage" => Unsupported("qint32", 4),
            _ => null,
        };
    }

    /// <summary>The element type of a <c>torch.&lt;dtype&gt;</c> global (<c>torch.float32</c>, <c>torch.half</c>), or null.</summary>
    public static ElementType? FromTorchDType(string module, string name)
    {
        if (module != "torch") return null;
        return name switch
        {
            "float32" or "float" => Float32,
            "float64" or "double" => Float64,
            "float16" or "half" => Float16,
            "bfloat16" => BFloat16,
            "int64" or "long" => Int64,
            "int32" or "int" => Int32,
            "int16" or "short" => Int16,
            "int8" => Int8,
            "uint64" => UInt64,
            "uint32" => UInt32,
            "uint16" => UInt16,
            "uint8" => UInt8,
            "bool" => Bool,
            "complex64" or "cfloat" => Unsupported("complex64", 8),
            "complex128" or "cdouble" => Unsupported("complex128", 16),
            "float8_e4m3fn" => Unsupported("float8_e4m3fn", 1),
            "float8_e5m2" => Unsupported("float8_e5m2", 1),
            _ => null,
        };
    }

    /// <summary>The element type of a safetensors dtype code (<c>F32</c>, <c>BF16</c>, <c>I64</c>...), or null.</summary>
    public static ElementType? FromSafetensors(string code) => code switch
    {
        "F32" => Float32,
        "F64" => Float64,
        "F16" => Float16,
        "BF16" => BFloat16,
        "I64" => Int64,
        "I32" => Int32,
        "I16" => Int16,
        "I8" => Int8,
        "U64" => UInt64,
        "U32" => UInt32,
        "U16" => UInt16,
        "U8" => UInt8,
        "BOOL" => Bool,
        "F8_E4M3" => Unsupported("float8_e4m3fn", 1),
        "F8_E5M2" => Unsupported("float8_e5m2", 1),
        "C64" => Unsupported("complex64", 8),
        _ => null,
    };

    /// <summary>Converts <c>destination.Length</c> consecutive little-endian elements of <paramref name="source"/>.</summary>
    public void Convert(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int n = destination.Length;
        switch (_kind)
        {
            case Kind.Float32:
                MemoryMarshal.Cast<byte, float>(source[..(n * 4)]).CopyTo(destination);
                if (!BitConverter.IsLittleEndian)
                    for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                break;
            case Kind.Float64:
                for (int i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(i * 8)..]);
                break;
            case Kind.Float16:
                for (int i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                break;
            case Kind.BFloat16:
                // bfloat16 is the upper half of a float32, so the widening is exact.
                for (int i = 0; i < n; i++) destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]) << 16);
                break;
            case Kind.Int64:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(i * 8)..]);
                break;
            case Kind.Int32:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
                break;
            case Kind.Int16:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(i * 2)..]);
                break;
            case Kind.Int8:
                for (int i = 0; i < n; i++) destination[i] = (sbyte)source[i];
                break;
            case Kind.UInt64:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(i * 8)..]);
                break;
            case Kind.UInt32:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(i * 4)..]);
                break;
            case Kind.UInt16:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]);
                break;
            case Kind.UInt8:
                for (int i = 0; i < n; i++) destination[i] = source[i];
                break;
            case Kind.Bool:
                for (int i = 0; i < n; i++) destination[i] = source[i] != 0 ? 1f : 0f;
                break;
            default:
                throw new InvalidOperationException($"element type {Name} has no float32 conversion");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
