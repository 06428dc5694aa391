using System.Text;

namespace DBeta.MLNet;

/// <summary>
/// The few Python globals that stand for plain data in protocol 2-4 pickles (sets, bytearrays, bytes written as
/// <c>_codecs.encode</c>, <c>OrderedDict</c>): interpreted by their documented meaning, never called.
/// </summary>
internal static class PickleBuiltins
{
    /// <summary>Interprets <c>callable(*args)</c> when it is one of the data globals; false otherwise.</summary>
    public static bool TryReduce(PickleGlobal callable, object?[] args, out object? result)
    {
        result = null;
        string module = callable.Module == "__builtin__" ? "builtins" : callable.Module;
        switch (module, callable.Name)
        {
            case ("collections", "OrderedDict"):
                var dict = new PickleDict();
                if (args.Length == 1 && args[0] is List<object?> pairs)
                    foreach (var pair in pairs)
                        if (pair is object?[] { Length: 2 } kv) dict.Set(kv[0], kv[1]);
                        else throw new InvalidDataException("OrderedDict items are not (key, value) pairs");
                else if (args.Length != 0)
                    return false;
                result = dict;
                return true;
            case ("builtins", "set"):
            case ("builtins", "frozenset"):
                var set = new PickleSet(callable.Name == "frozenset");
                if (args.Length == 1 && args[0] is List<object?> items) set.Items.AddRange(items);
                else if (args.Length == 1 && args[0] is object?[] tupleItems) set.Items.AddRange(tupleItems);
                else if (args.Length != 0) return false;
                result = set;
                return true;
            case ("builtins", "bytes"):
                if (args.Length != 0) return false;
                result = Array.Empty<byte>();
                return true;
            case ("builtins", "bytearray"):
                if (args.Length == 0) result = Array.Empty<byte>();
                else if (args is [byte[] bytes]) result = bytes.ToArray();
                else if (args is [string text, "latin-1" or "latin1"]) result = Encoding.Latin1.GetBytes(text);
                else return false;
                return true;
            case ("_codecs", "encode"):
                if (args is [string latin, "latin1" or "latin-1"])
                {
                    result = Encoding.Latin1.GetBytes(latin);
                    return true;
                }
                return false;
            default:
                return false;
        }
    }
}
