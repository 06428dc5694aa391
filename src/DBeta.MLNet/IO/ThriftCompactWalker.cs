namespace DBeta.MLNet;

/// <summary>
/// Walks one Thrift compact-protocol struct (Parquet's footer and page headers) by its wire types without decoding it,
/// checking that every length, count and nesting fits in the bytes given. Parquet.Net allocates a claimed string or
/// list length before reading it; a claim this walk rejects is never handed to it.
/// </summary>
internal ref struct ThriftCompactWalker
{
    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _data;
    private int _at;

    private ThriftCompactWalker(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>The problem with the struct at the start of <paramref name="data"/>, or null when it is well formed.</summary>
    public static string? Check(ReadOnlySpan<byte> data)
    {
        var walker = new ThriftCompactWalker(data);
        return walker.Struct(0);
    }

    private string? Struct(int depth)
    {
        if (depth > MaxDepth) return $"structs nested more than {MaxDepth} deep";
        while (true)
        {
            if (!TryByte(out byte header)) return "a struct runs past the end";
            if (header == 0) return null;
            if ((header & 0xF0) == 0 && !TryVarint(out _)) return "a field id runs past the end";
            if (Value(header & 0x0F, depth, inList: false) is string problem) return problem;
        }
    }

    private string? Value(int type, int depth, bool inList)
    {
        switch (type)
        {
            case 1 or 2:
                return inList && !TryByte(out _) ? "a list of booleans runs past the end" : null;
            case 3:
                return TryByte(out _) ? null : "a byte runs past the end";
            case 4 or 5 or 6:
                return TryVarint(out _) ? null : "an integer runs past the end";
            case 7:
                return Skip(8) ? null : "a double runs past the end";
            case 8:
                return TryVarint(out ulong length) && Skip(length) ? null : $"a string claims {length} bytes, more than remain";
            case 9 or 10:
                {
                    if (!TryByte(out byte sizeAndType)) return "a list header runs past the end";
                    ulong size = (ulong)(sizeAndType >> 4);
                    if (size == 15 && !TryVarint(out size)) return "a list size runs past the end";
                    if (size > (ulong)(_data.Length - _at)) return $"a list claims {size} items, more than its bytes can hold";
                    for (ulong i = 0; i < size; i++)
                        if (Value(sizeAndType & 0x0F, depth + 1, inList: true) is string problem) return problem;
                    return null;
                }
            case 11:
                {
                    if (!TryVarint(out ulong size)) return "a map size runs past the end";
                    if (size == 0) return null;
                    if (!TryByte(out byte types)) return "a map header runs past the end";
                    if (size > (ulong)(_data.Length - _at)) return $"a map claims {size} entries, more than its bytes can hold";
                    for (ulong i = 0; i < size; i++)
                        if ((Value(types >> 4, depth + 1, inList: true) ?? Value(types & 0x0F, depth + 1, inList: true)) is string problem) return problem;
                    return null;
                }
            case 12:
                return Struct(depth + 1);
            case 13:
                return Skip(16) ? null : "a UUID runs past the end";
            default:
                return $"unknown Thrift type {type}";
        }
    }

    private bool TryByte(out byte value)
    {
        value = 0;
        if (_at >= _data.Length) return false;
        value = _data[_at++];
        return true;
    }

    private bool TryVarint(out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (!TryByte(out byte b)) return false;
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }

    private bool Skip(ulong count)
    {
        if (count > (ulong)(_data.Length - _at)) return false;
        _at += (int)count;
        return true;
    }
}
