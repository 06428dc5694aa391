using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace DBeta.MLNet;

/// <summary>
/// A data-only pickle reader (protocols 0-5): it builds dicts, lists, tuples, strings, bytes, numbers and sets, and
/// turns every global into a <see cref="PickleGlobal"/> name. Calls (REDUCE, NEWOBJ, INST/OBJ, BUILD) on globals are
/// interpreted only for the allow-list (<see cref="PickleBuiltins"/> and the caller's <see cref="IPickleReconstructors"/>);
/// anything else becomes an inert <see cref="PickleObject"/>. Nothing is ever imported, called or executed.
/// </summary>
/// <remarks>
/// The virtual machine is iterative (explicit stacks, no recursion). Every length is checked against the bytes left
/// before allocating, and the nesting depth, stack size, memo size and object count are bounded, so a hostile pickle
/// ends in a <see cref="ModelFormatException"/> rather than a crash.
/// </remarks>
internal sealed class Unpickler
{
    /// <summary>Deepest MARK nesting accepted (a real checkpoint nests a few dozen levels at most).</summary>
    public const int MaxNesting = 10_000;

    /// <summary>Most values on the stack between two MARKs (pickle batches APPENDS/SETITEMS by 1000).</summary>
    public const int MaxStackDepth = 1_000_000;

    /// <summary>Most memo entries.</summary>
    public const int MaxMemoEntries = 4_000_000;

    /// <summary>Most containers and objects one pickle may create.</summary>
    public const int MaxObjects = 8_000_000;

    /// <summary>Most items all containers together may hold (a checkpoint's pickle holds structure, not data).</summary>
    public const int MaxItems = 16_000_000;

    /// <summary>Longest text line (protocol 0 opcodes, GLOBAL names).</summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>Most digits in a protocol-0 LONG or bytes in a LONG4 (Python's own default limit is 4300 digits).</summary>
    public const int MaxLongBytes = 1 << 16;

    private readonly string _filePath;
    private readonly string _where;
    private readonly byte[] _data;
    private readonly IPickleReconstructors? _reconstructors;
    private readonly List<List<object?>> _metastack = [];
    private readonly Dictionary<long, object?> _memo = [];
    private List<object?> _stack = [];
    private int _pos;
    private int _opPos;
    private byte _op;
    private int _objects;
    private long _items;

    private Unpickler(string filePath, string? part, byte[] data, IPickleReconstructors? reconstructors)
    {
        _filePath = filePath;
        _where = part is null ? "" : " of " + part;
        _data = data;
        _reconstructors = reconstructors;
    }

    /// <summary>
    /// Reads one pickle from <paramref name="data"/> and returns its value. <paramref name="part"/> names the part of
    /// <paramref name="filePath"/> the bytes came from (e.g. <c>archive/data.pkl</c>) for error messages.
    /// </summary>
    public static object? Load(string filePath, byte[] data, IPickleReconstructors? reconstructors = null, string? part = null) =>
        new Unpickler(filePath, part, data, reconstructors).Run();

    private object? Run()
    {
        while (true)
        {
            if (_pos >= _data.Length)
                throw new ModelFormatException(_filePath, $"pickle{_where} ends at byte {_data.Length} without a STOP opcode (truncated?)");
            _opPos = _pos;
            _op = _data[_pos++];
            switch (_op)
            {
                case (byte)'(': // MARK
                    if (_metastack.Count >= MaxNesting) Fail($"nesting is deeper than {MaxNesting} levels");
                    _metastack.Add(_stack);
                    _stack = [];
                    break;
                case (byte)'.': // STOP
                    {
                        object? result = Pop();
                        return result;
                    }
                case (byte)'0': // POP
                    if (_stack.Count > 0) _stack.RemoveAt(_stack.Count - 1);
                    else PopMark();
                    break;
                case (byte)'1': // POP_MARK
                    PopMark();
                    break;
                case (byte)'2': // DUP
                    Push(Peek());
                    break;
                case (byte)'F': // FLOAT
                    Push(ParseFloat(ReadLine()));
                    break;
                case (byte)'I': // INT
                    {
                        string line = ReadLine();
                        if (line == "00") Push(False);
                        else if (line == "01") Push(True);
                        else Push(ParseInteger(line));
                        break;
                    }
                case (byte)'J': // BININT
                    Push(Box(BinaryPrimitives.ReadInt32LittleEndian(Read(4))));
                    break;
                case (byte)'K': // BININT1
                    Push(Box(Read(1)[0]));
                    break;
                case (byte)'L': // LONG
                    {
                        string line = ReadLine();
                        if (line.EndsWith('L')) line = line[..^1];
                        Push(ParseInteger(line));
                        break;
                    }
                case (byte)'M': // BININT2
                    Push(Box(BinaryPrimitives.ReadUInt16LittleEndian(Read(2))));
                    break;
                case (byte)'N': // NONE
                    Push(null);
                    break;
                case (byte)'P': // PERSID
                    Push(PersistentLoad(ReadLine()));
                    break;
                case (byte)'Q': // BINPERSID
                    Push(PersistentLoad(Pop()));
                    break;
                case (byte)'R': // REDUCE
                    {
                        object? args = Pop();
                        object? callable = Pop();
                        Push(Call(callable, args));
                        break;
                    }
                case (byte)'S': // STRING
                    Push(ParseQuotedString(ReadLine()));
                    break;
                case (byte)'T': // BINSTRING
                    Push(Encoding.Latin1.GetString(Read(ReadLength(BinaryPrimitives.ReadInt32LittleEndian(Read(4))))));
                    break;
                case (byte)'U': // SHORT_BINSTRING
                    Push(Encoding.Latin1.GetString(Read(Read(1)[0])));
                    break;
                case (byte)'V': // UNICODE
                    Push(ParseRawUnicodeEscape(Encoding.Latin1.GetString(ReadLineBytes())));
                    break;
                case (byte)'X': // BINUNICODE
                    Push(DecodeUtf8(Read(ReadLength(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))))));
                    break;
                case (byte)'a': // APPEND
                    {
                        object? item = Pop();
                        Append(Peek(), [item]);
                        break;
                    }
                case (byte)'b': // BUILD
                    {
                        object? state = Pop();
                        Build(Peek(), state);
                        break;
                    }
                case (byte)'c': // GLOBAL
                    {
                        string module = ReadLine();
                        string name = ReadLine();
                        Push(new PickleGlobal(module, name));
                        break;
                    }
                case (byte)'d': // DICT
                    {
                        var items = PopMark();
                        if (items.Count % 2 != 0) Fail("has an odd number of items, not key-value pairs");
                        CountItems(items.Count);
                        var dict = NewDict();
                        for (int i = 0; i < items.Count; i += 2) dict.Set(items[i], items[i + 1]);
                        Push(dict);
                        break;
                    }
                case (byte)'}': // EMPTY_DICT
                    Push(NewDict());
                    break;
                case (byte)'e': // APPENDS
                    {
                        var items = PopMark();
                        Append(Peek(), items);
                        break;
                    }
                case (byte)'g': // GET
                    Push(MemoGet(ParseMemoKey(ReadLine())));
                    break;
                case (byte)'h': // BINGET
                    Push(MemoGet(Read(1)[0]));
                    break;
                case (byte)'i': // INST
                    {
                        string module = ReadLine();
                        string name = ReadLine();
                        var args = PopMark();
                        Push(Call(new PickleGlobal(module, name), args.ToArray()));
                        break;
                    }
                case (byte)'j': // LONG_BINGET
                    Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))));
                    break;
                case (byte)'l': // LIST
                    {
                        var items = PopMark();
                        CountObject();
                        CountItems(items.Count);
                        Push(items);
                        break;
                    }
                case (byte)']': // EMPTY_LIST
                    CountObject();
                    Push(new List<object?>());
                    break;
                case (byte)'o': // OBJ
                    {
                        var items = PopMark();
                        if (items.Count == 0) Fail("has no class to instantiate");
                        Push(Call(items[0], items.Skip(1).ToArray()));
                        break;
                    }
                case (byte)'p': // PUT
                    MemoPut(ParseMemoKey(ReadLine()));
                    break;
                case (byte)'q': // BINPUT
                    MemoPut(Read(1)[0]);
                    break;
                case (byte)'r': // LONG_BINPUT
                    MemoPut(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)));
                    break;
                case (byte)'s': // SETITEM
                    {
                        object? value = Pop();
                        object? key = Pop();
                        SetItems(Peek(), [key, value]);
                        break;
                    }
                case (byte)'t': // TUPLE
                    {
                        var items = PopMark();
                        CountObject();
                        CountItems(items.Count);
                        Push(items.ToArray());
                        break;
                    }
                case (byte)')': // EMPTY_TUPLE
                    Push(Array.Empty<object?>());
                    break;
                case (byte)'u': // SETITEMS
                    {
                        var items = PopMark();
                        if (items.Count % 2 != 0) Fail("has an odd number of items, not key-value pairs");
                        SetItems(Peek(), items);
                        break;
                    }
                case (byte)'G': // BINFLOAT (big-endian)
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Read(8)));
                    break;
                case 0x80: // PROTO
                    {
                        byte protocol = Read(1)[0];
                        if (protocol > 5) Fail($"asks for protocol {protocol}; protocols 0-5 are supported");
                        break;
                    }
                case 0x81: // NEWOBJ
                    {
                        object? args = Pop();
                        object? cls = Pop();
                        Push(Call(cls, args));
                        break;
                    }
                case 0x82: // EXT1
                case 0x83: // EXT2
                case 0x84: // EXT4
                    {
                        long code = _op == 0x82 ? Read(1)[0] : _op == 0x83 ? BinaryPrimitives.ReadUInt16LittleEndian(Read(2)) : BinaryPrimitives.ReadInt32LittleEndian(Read(4));
                        Fail($"refers to copyreg extension code {code}, which is not registered");
                        break;
                    }
                case 0x85: // TUPLE1
                    {
                        object? a = Pop();
                        CountObject();
                        Push(new[] { a });
                        break;
                    }
                case 0x86: // TUPLE2
                    {
                        object? b = Pop();
                        object? a = Pop();
                        CountObject();
                        Push(new[] { a, b });
                        break;
                    }
                case 0x87: // TUPLE3
                    {
                        object? c = Pop();
                        object? b = Pop();
                        object? a = Pop();
                        CountObject();
                        Push(new[] { a, b, c });
                        break;
                    }
                case 0x88: // NEWTRUE
                    Push(True);
                    break;
                case 0x89: // NEWFALSE
                    Push(False);
                    break;
                case 0x8a: // LONG1
                    Push(DecodeLong(Read(Read(1)[0])));
                    break;
                case 0x8b: // LONG4
                    {
                        int n = BinaryPrimitives.ReadInt32LittleEndian(Read(4));
                        if (n < 0) Fail($"has a negative length {n}");
                        if (n > MaxLongBytes) Fail($"is an integer of {n} bytes, more than the {MaxLongBytes} accepted");
                        Push(DecodeLong(Read(n)));
                        break;
                    }
                case (byte)'B': // BINBYTES
                    Push(Read(ReadLength(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))).ToArray());
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    Push(Read(Read(1)[0]).ToArray());
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(DecodeUtf8(Read(Read(1)[0])));
                    break;
                case 0x8d: // BINUNICODE8
                    Push(DecodeUtf8(Read(ReadLength(BinaryPrimitives.ReadUInt64LittleEndian(Read(8))))));
                    break;
                case 0x8e: // BINBYTES8
                case 0x96: // BYTEARRAY8
                    Push(Read(ReadLength(BinaryPrimitives.ReadUInt64LittleEndian(Read(8)))).ToArray());
                    break;
                case 0x8f: // EMPTY_SET
                    CountObject();
                    Push(new PickleSet(isFrozen: false));
                    break;
                case 0x90: // ADDITEMS
                    {
                        var items = PopMark();
                        CountItems(items.Count);
                        object? target = Peek();
                        if (target is PickleSet { IsFrozen: false } set) set.Items.AddRange(items);
                        else if (target is PickleObject obj) obj.ListItems.AddRange(items);
                        else Fail($"adds items to {Describe(target)}, not a set");
                        break;
                    }
                case 0x91: // FROZENSET
                    {
                        var items = PopMark();
                        CountObject();
                        CountItems(items.Count);
                        var set = new PickleSet(isFrozen: true);
                        set.Items.AddRange(items);
                        Push(set);
                        break;
                    }
                case 0x92: // NEWOBJ_EX
                    {
                        object? kwargs = Pop();
                        object? args = Pop();
                        object? cls = Pop();
                        object? made = Call(cls, args);
                        if (made is PickleObject placeholder && kwargs is PickleDict { Count: > 0 })
                            made = new PickleObject(placeholder.TypeName, placeholder.Args) { KeywordArgs = kwargs };
                        Push(made);
                        break;
                    }
                case 0x93: // STACK_GLOBAL
                    {
                        object? name = Pop();
                        object? module = Pop();
                        if (module is not string m || name is not string n)
                            Fail($"needs two strings (module, name), got {Describe(module)} and {Describe(name)}");
                        Push(new PickleGlobal((string)module!, (string)name!));
                        break;
                    }
                case 0x94: // MEMOIZE
                    MemoPut(_memo.Count);
                    break;
                case 0x95: // FRAME
                    {
                        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(Read(8));
                        if (length > (ulong)(_data.Length - _pos))
                            Fail($"announces a frame of {length} bytes, but only {_data.Length - _pos} bytes remain");
                        break;
                    }
                case 0x97: // NEXT_BUFFER
                    Fail("needs an out-of-band buffer, which a file cannot supply");
                    break;
                case 0x98: // READONLY_BUFFER
                    if (Peek() is not byte[]) Fail($"applies to {Describe(Peek())}, not a buffer");
                    break;
                default:
                    throw new ModelFormatException(_filePath, $"pickle opcode 0x{_op:x2} at byte {_opPos}{_where} is not a pickle opcode");
            }
        }
    }

    // ---- stack, marks, memo ----

    // Shared boxes for booleans and small ints: a pickle of many small numbers then costs a reference each, not an allocation.
    private static readonly object True = true, False = false;
    private static readonly object[] SmallInts = Enumerable.Range(-1, 1025).Select(i => (object)(long)i).ToArray();

    private static object Box(long value) => value >= -1 && value < 1024 ? SmallInts[value + 1] : value;

    private void Push(object? value)
    {
        if (_stack.Count >= MaxStackDepth) Fail($"puts more than {MaxStackDepth} values on the stack");
        _stack.Add(value);
    }

    private object? Pop()
    {
        if (_stack.Count == 0) Fail(_metastack.Count > 0 ? "pops past a MARK" : "pops an empty stack");
        object? value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek()
    {
        if (_stack.Count == 0) Fail(_metastack.Count > 0 ? "reads past a MARK" : "reads an empty stack");
        return _stack[^1];
    }

    private List<object?> PopMark()
    {
        if (_metastack.Count == 0) Fail("has no MARK to pop to");
        var items = _stack;
        _stack = _metastack[^1];
        _metastack.RemoveAt(_metastack.Count - 1);
        return items;
    }

    private object? MemoGet(long key)
    {
        if (!_memo.TryGetValue(key, out object? value)) Fail($"reads memo entry {key}, which was never stored");
        return value;
    }

    private void MemoPut(long key)
    {
        if (key < 0) Fail($"stores memo entry {key}, a negative index");
        if (!_memo.ContainsKey(key) && _memo.Count >= MaxMemoEntries) Fail($"stores more than {MaxMemoEntries} memo entries");
        _memo[key] = Peek();
    }

    private void CountObject()
    {
        if (++_objects > MaxObjects) Fail($"creates more than {MaxObjects} objects");
    }

    private void CountItems(int count)
    {
        _items += count;
        if (_items > MaxItems) Fail($"puts more than {MaxItems} items into containers");
    }

    private PickleDict NewDict()
    {
        CountObject();
        return new PickleDict();
    }

    // ---- calls, interpreted as data ----

    private object? Call(object? callable, object? args)
    {
        object?[] arguments = args switch
        {
            object?[] tuple => tuple,
            List<object?> list => list.ToArray(),
            _ => throw FailException($"calls with {Describe(args)} as arguments, not a tuple"),
        };
        CountObject();
        switch (callable)
        {
            case PickleGlobal global:
                try
                {
                    if (PickleBuiltins.TryReduce(global, arguments, out object? data)) return data;
                    if (_reconstructors is not null && _reconstructors.TryReduce(global, arguments, out data)) return data;
                }
                catch (InvalidDataException e)
                {
                    Fail($"{global.FullName}: {e.Message}");
                }
                return new PickleObject(global.FullName, arguments);
            case PickleObject placeholder:
                return new PickleObject(placeholder.TypeName + "(...)", arguments);
            default:
                throw FailException($"calls {Describe(callable)}, which is not a class or function");
        }
    }

    private object? PersistentLoad(object? persistentId)
    {
        CountObject();
        try
        {
            if (_reconstructors is not null && _reconstructors.TryPersistentLoad(persistentId, out object? data)) return data;
        }
        catch (InvalidDataException e)
        {
            Fail($"persistent id: {e.Message}");
        }
        return new PickleObject("persistent_id", [persistentId]);
    }

    private void Build(object? target, object? state)
    {
        switch (target)
        {
            case PickleObject obj:
                obj.State = state;
                break;
            case PickleDict dict:
                dict.State = state;
                break;
            case TorchTensorRef:
                break; // a tensor's extra Python attributes carry no weights
            default:
                Fail($"sets the state of {Describe(target)}, which has no attributes");
                break;
        }
    }

    private void Append(object? target, IReadOnlyList<object?> items)
    {
        CountItems(items.Count);
        switch (target)
        {
            case List<object?> list:
                list.AddRange(items);
                break;
            case PickleObject obj:
                obj.ListItems.AddRange(items);
                break;
            default:
                Fail($"appends to {Describe(target)}, not a list");
                break;
        }
    }

    private void SetItems(object? target, IReadOnlyList<object?> items)
    {
        CountItems(items.Count);
        switch (target)
        {
            case PickleDict dict:
                for (int i = 0; i < items.Count; i += 2) dict.Set(items[i], items[i + 1]);
                break;
            case PickleObject obj:
                for (int i = 0; i < items.Count; i += 2) obj.DictItems.Add(new(items[i], items[i + 1]));
                break;
            default:
                Fail($"sets items on {Describe(target)}, not a dict");
                break;
        }
    }

    // ---- reading bytes ----

    private ReadOnlySpan<byte> Read(int count)
    {
        if (count > _data.Length - _pos)
            Fail($"needs {count} more bytes, but the pickle ends after {_data.Length - _pos} (truncated?)");
        var span = new ReadOnlySpan<byte>(_data, _pos, count);
        _pos += count;
        return span;
    }

    private int ReadLength(long length)
    {
        if (length < 0) Fail($"has a negative length {length}");
        if (length > _data.Length - _pos)
            Fail($"claims {length} bytes, but only {_data.Length - _pos} remain");
        return (int)length;
    }

    private int ReadLength(ulong length)
    {
        if (length > (ulong)(_data.Length - _pos))
            Fail($"claims {length} bytes, but only {_data.Length - _pos} remain");
        return (int)length;
    }

    private string ReadLine() => DecodeUtf8(ReadLineBytes());

    private ReadOnlySpan<byte> ReadLineBytes()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos, Math.Min(_data.Length - _pos, MaxLineLength));
        if (end < 0) Fail("has no end of line (truncated?)");
        var line = new ReadOnlySpan<byte>(_data, _pos, end - _pos);
        _pos = end + 1;
        return line;
    }

    private string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw FailException("holds text that is not valid UTF-8");
        }
    }

    // ---- number and text parsing ----

    private static object DecodeLong(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return 0L;
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? Box((long)value) : value;
    }

    private object ParseInteger(string text)
    {
        if (text.Length > MaxLongBytes) Fail($"is an integer of {text.Length} digits, more than the {MaxLongBytes} accepted");
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long small)) return Box(small);
        if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger big)) return big;
        throw FailException($"holds '{Clip(text)}', not an integer");
    }

    private double ParseFloat(string text)
    {
        switch (text)
        {
            case "inf": return double.PositiveInfinity;
            case "-inf": return double.NegativeInfinity;
            case "nan": return double.NaN;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
        throw FailException($"holds '{Clip(text)}', not a float");
    }

    private long ParseMemoKey(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long key)) return key;
        throw FailException($"holds '{Clip(text)}', not a memo index");
    }

    private string ParseQuotedString(string text)
    {
        if (text.Length < 2 || text[0] != text[^1] || (text[0] != '\'' && text[0] != '"'))
            Fail("holds a string that is not quoted");
        var sb = new StringBuilder();
        for (int i = 1; i < text.Length - 1; i++)
        {
            char ch = text[i];
            if (ch != '\\') { sb.Append(ch); continue; }
            if (++i >= text.Length - 1) Fail("ends a string with a lone backslash");
            char e = text[i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': case '\'': case '"': sb.Append(e); break;
                case '\n': break;
                case 'x':
                    if (i + 2 >= text.Length || !int.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int hex))
                        throw FailException("holds a bad \\x escape");
                    sb.Append((char)hex);
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    {
                        int value = 0, digits = 0;
                        while (digits < 3 && i < text.Length - 1 && text[i] >= '0' && text[i] <= '7')
                        {
                            value = value * 8 + (text[i] - '0');
                            i++;
                            digits++;
                        }
                        i--;
                        sb.Append((char)(value & 0xff));
                        break;
                    }
                default: sb.Append('\\').Append(e); break;
            }
        }
        return sb.ToString();
    }

    private string ParseRawUnicodeEscape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == 'u' || text[i + 1] == 'U'))
            {
                int digits = text[i + 1] == 'u' ? 4 : 8;
                if (i + 2 + digits > text.Length ||
                    !int.TryParse(text.AsSpan(i + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code) ||
                    code < 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF && digits == 8))
                    throw FailException("holds a bad \\u escape");
                sb.Append(code <= 0xFFFF ? ((char)code).ToString() : char.ConvertFromUtf32(code));
                i += 1 + digits;
            }
            else sb.Append(text[i]);
        }
        return sb.ToString();
    }

    // ---- errors ----

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";

    /// <summary>Names a value's Python type for messages.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "None",
        bool => "a bool",
        long or BigInteger => "an int",
        double => "a float",
        string => "a str",
        byte[] => "bytes",
        object?[] => "a tuple",
        List<object?> => "a list",
        PickleDict => "a dict",
        PickleSet s => s.IsFrozen ? "a frozenset" : "a set",
        PickleGlobal g => $"the global {g.FullName}",
        PickleObject o => $"a {o.TypeName} object",
        TorchTensorRef => "a tensor",
        TorchStorageRef => "a storage",
        _ => value.GetType().Name,
    };

    private static string OpName(byte op) => op switch
    {
        (byte)'(' => "MARK", (byte)'.' => "STOP", (byte)'0' => "POP", (byte)'1' => "POP_MARK", (byte)'2' => "DUP",
        (byte)'F' => "FLOAT", (byte)'I' => "INT", (byte)'J' => "BININT", (byte)'K' => "BININT1", (byte)'L' => "LONG",
        (byte)'M' => "BININT2", (byte)'N' => "NONE", (byte)'P' => "PERSID", (byte)'Q' => "BINPERSID", (byte)'R' => "REDUCE",
        (byte)'S' => "STRING", (byte)'T' => "BINSTRING", (byte)'U' => "SHORT_BINSTRING", (byte)'V' => "UNICODE",
        (byte)'X' => "BINUNICODE", (byte)'a' => "APPEND", (byte)'b' => "BUILD", (byte)'c' => "GLOBAL", (byte)'d' => "DICT",
        (byte)'}' => "EMPTY_DICT", (byte)'e' => "APPENDS", (byte)'g' => "GET", (byte)'h' => "BINGET", (byte)'i' => "INST",
        (byte)'j' => "LONG_BINGET", (byte)'l' => "LIST", (byte)']' => "EMPTY_LIST", (byte)'o' => "OBJ", (byte)'p' => "PUT",
        (byte)'q' => "BINPUT", (byte)'r' => "LONG_BINPUT", (byte)'s' => "SETITEM", (byte)'t' => "TUPLE", (byte)')' => "EMPTY_TUPLE",
        (byte)'u' => "SETITEMS", (byte)'G' => "BINFLOAT", 0x80 => "PROTO", 0x81 => "NEWOBJ", 0x82 => "EXT1", 0x83 => "EXT2",
        0x84 => "EXT4", 0x85 => "TUPLE1", 0x86 => "TUPLE2", 0x87 => "TUPLE3", 0x88 => "NEWTRUE", 0x89 => "NEWFALSE",
        0x8a => "LONG1", 0x8b => "LONG4", (byte)'B' => "BINBYTES", (byte)'C' => "SHORT_BINBYTES", 0x8c => "SHORT_BINUNICODE",
        0x8d => "BINUNICODE8", 0x8e => "BINBYTES8", 0x8f => "EMPTY_SET", 0x90 => "ADDITEMS", 0x91 => "FROZENSET",
        0x92 => "NEWOBJ_EX", 0x93 => "STACK_GLOBAL", 0x94 => "MEMOIZE", 0x95 => "FRAME", 0x96 => "BYTEARRAY8",
        0x97 => "NEXT_BUFFER", 0x98 => "READONLY_BUFFER",
        _ => $"0x{op:x2}",
    };

    private ModelFormatException FailException(string problem) =>
        new(_filePath, $"pickle {OpName(_op)} at byte {_opPos}{_where}: {problem}");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string problem) => throw FailException(problem);
}
