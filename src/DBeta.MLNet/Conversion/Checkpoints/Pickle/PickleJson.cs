using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;

namespace DBeta.MLNet;

/// <summary>
/// Turns unpickled data into JSON for people and configs: dicts become objects, lists/tuples/sets arrays, numpy
/// scalars numbers, tensors <c>{"__tensor__": dtype, "shape": [...]}</c>, and other objects
/// <c>{"__class__": "module.name", "args": [...], "state": ...}</c>. Depth, cycles and total size are bounded.
/// </summary>
internal static class PickleJson
{
    /// <summary>Deepest nesting converted; deeper values become the text <c>"..."</c>.</summary>
    public const int MaxDepth = 48;

    /// <summary>Most JSON values one conversion may produce (shared references are expanded each time they appear).</summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>Converts <paramref name="value"/>; <paramref name="filePath"/> and <paramref name="what"/> name it in errors.</summary>
    public static JsonNode? Convert(object? value, string filePath, string what)
    {
        var converter = new Converter(filePath, what);
        return converter.Node(value, 0);
    }

    private sealed class Converter(string filePath, string what)
    {
        private readonly HashSet<object> _ancestors = new(ReferenceEqualityComparer.Instance);
        private int _nodes;

        public JsonNode? Node(object? value, int depth)
        {
            if (++_nodes > MaxNodes)
                throw new ModelFormatException(filePath, $"'{what}' expands to more than {MaxNodes} values");
            switch (value)
            {
                case null: return null;
                case bool b: return JsonValue.Create(b);
                case long l: return JsonValue.Create(l);
                case BigInteger big: return JsonValue.Create(big.ToString(CultureInfo.InvariantCulture));
                case double d: return Number(d);
                case string s: return JsonValue.Create(s);
                case byte[] bytes: return JsonValue.Create(System.Convert.ToBase64String(bytes));
                case PickleGlobal g: return JsonValue.Create(g.FullName);
                case TorchTensorRef t:
                    return new JsonObject
                    {
                        ["__tensor__"] = t.ElementType.Name,
                        ["shape"] = new JsonArray(t.Layout.Sizes.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                    };
                case TorchStorageRef storage:
                    return new JsonObject { ["__storage__"] = storage.ElementType.Name, ["size"] = storage.ElementCount };
                case PickleObject obj when TryNumpyScalar(obj, out JsonNode? number):
                    return number;
            }
            if (depth >= MaxDepth) return JsonValue.Create("...");
            if (!_ancestors.Add(value)) return JsonValue.Create("<cycle>");
            try
            {
                switch (value)
                {
                    case List<object?> list: return Array(list, depth);
                    case object?[] tuple: return Array(tuple, depth);
                    case PickleSet set: return Array(set.Items, depth);
                    case PickleDict dict:
                        {
                            var result = new JsonObject();
                            foreach (var item in dict.Items) result[KeyText(item.Key)] = Node(item.Value, depth + 1);
                            return result;
                        }
                    case PickleObject obj:
                        {
                            var result = new JsonObject { ["__class__"] = obj.TypeName };
                            if (obj.Args.Length > 0) result["args"] = Array(obj.Args, depth);
                            if (obj.KeywordArgs is not null) result["kwargs"] = Node(obj.KeywordArgs, depth + 1);
                            if (obj.State is not null) result["state"] = Node(obj.State, depth + 1);
                            if (obj.ListItems.Count > 0) result["items"] = Array(obj.ListItems, depth);
                            if (obj.DictItems.Count > 0)
                            {
                                var entries = new JsonObject();
                                foreach (var item in obj.DictItems) entries[KeyText(item.Key)] = Node(item.Value, depth + 1);
                                result["entries"] = entries;
                            }
                            return result;
                        }
                    default:
                        return JsonValue.Create(value.ToString());
                }
            }
            finally
            {
                _ancestors.Remove(value);
            }
        }

        private JsonArray Array(IEnumerable<object?> items, int depth)
        {
            var result = new JsonArray();
            foreach (var item in items) result.Add(Node(item, depth + 1));
            return result;
        }
    }

    private static JsonNode Number(double d) =>
        double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");

    /// <summary>Text for a dict key: strings as they are, other keys as Python would print them.</summary>
    public static string KeyText(object? key) => KeyText(key, 0);

    // Tuples nest without bound in a pickle (TUPLE1 on TUPLE1...), so deep keys are cut off rather than recursed into.
    private static string KeyText(object? key, int depth) => key switch
    {
        string s => s,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        BigInteger big => big.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        object?[] tuple => depth >= MaxDepth ? "(...)" : "(" + string.Join(", ", tuple.Select(k => KeyText(k, depth + 1))) + ")",
        _ => Unpickler.Describe(key),
    };

    /// <summary>
    /// A numpy scalar (<c>numpy.core.multiarray.scalar(numpy.dtype('f8'), raw_bytes)</c>) is a number written as
    /// its dtype code and raw bytes; read it as data.
    /// </summary>
    private static bool TryNumpyScalar(PickleObject obj, out JsonNode? number)
    {
        number = null;
        if (obj.TypeName is not ("numpy.core.multiarray.scalar" or "numpy._core.multiarray.scalar")) return false;
        if (obj.Args is not [PickleObject { TypeName: "numpy.dtype", Args: [string code, ..] } dtype, byte[] raw]) return false;
        bool bigEndian = dtype.State is object?[] { Length: > 1 } state && state[1] is ">";
        ReadOnlySpan<byte> b = raw;
        try
        {
            number = (code, raw.Length) switch
            {
                ("f8", 8) => Number(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)),
                ("f4", 4) => Number(bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b)),
                ("f2", 2) => Number((double)(bigEndian ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b))),
                ("i8", 8) => JsonValue.Create(bigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b)),
                ("i4", 4) => JsonValue.Create(bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b)),
                ("i2", 2) => JsonValue.Create(bigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b)),
                ("i1", 1) => JsonValue.Create((sbyte)raw[0]),
                ("u1", 1) => JsonValue.Create(raw[0]),
                ("b1", 1) => JsonValue.Create(raw[0] != 0),
                _ => null,
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            number = null;
        }
        return number is not null;
    }
}
