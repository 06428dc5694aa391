using System.Buffers.Binary;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Format-blind, seeded mutations of a file's bytes: truncation, bit flips, byte ranges overwritten with 0x00/0xFF/noise,
/// integer fields set to boundary values (0, -1, huge, sign bit), chunks duplicated, removed or inserted, garbage appended.
/// Offsets fall inside the caller's "hot" ranges (headers, metadata) most of the time, where a change matters.
/// </summary>
internal static class ByteMutator
{
    private static readonly ulong[] Interesting =
    [
        0, 1, 2, 3, 7, 8, 12, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
        0x100000000, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFE, 1UL << 40, 1UL << 31, 1UL << 62,
    ];

    /// <summary>Applies one to four mutations to a copy of <paramref name="input"/>; <paramref name="what"/> says which.</summary>
    public static byte[] Mutate(byte[] input, Random rng, out string what, IReadOnlyList<(int Start, int Length)>? hot = null)
    {
        int steps = rng.Next(4) == 0 ? rng.Next(2, 5) : 1;
        var data = new List<byte>(input);
        var done = new List<string>(steps);
        for (int s = 0; s < steps; s++) done.Add(MutateOnce(data, rng, hot));
        what = string.Join(" + ", done);
        return [.. data];
    }

    private static string MutateOnce(List<byte> data, Random rng, IReadOnlyList<(int Start, int Length)>? hot)
    {
        if (data.Count == 0)
        {
            int n = rng.Next(1, 16);
            for (int i = 0; i < n; i++) data.Add((byte)rng.Next(256));
            return $"noise {n}";
        }
        switch (rng.Next(10))
        {
            case 0:
                {
                    // Truncation: anywhere, or just short of the end (a download cut off).
                    int length = rng.Next(2) == 0 ? rng.Next(data.Count) : Math.Max(0, data.Count - rng.Next(1, 65));
                    data.RemoveRange(length, data.Count - length);
                    return $"truncate@{length}";
                }
            case 1:
            case 2:
                {
                    int flips = rng.Next(1, 9);
                    int at = Offset(data.Count, rng, hot);
                    for (int i = 0; i < flips; i++)
                    {
                        int k = Math.Min(data.Count - 1, at + rng.Next(16));
                        data[k] ^= (byte)(1 << rng.Next(8));
                    }
                    return $"flip{flips}@{at}";
                }
            case 3:
                {
                    int at = Offset(data.Count, rng, hot);
                    int length = Math.Min(data.Count - at, rng.Next(1, 65));
                    int kind = rng.Next(3);
                    for (int i = 0; i < length; i++) data[at + i] = kind switch { 0 => 0x00, 1 => 0xFF, _ => (byte)rng.Next(256) };
                    return $"{(kind == 0 ? "zero" : kind == 1 ? "ones" : "noise")}{length}@{at}";
                }
            case 4:
            case 5:
                {
                    int width = new[] { 1, 2, 4, 8 }[rng.Next(4)];
                    int at = Offset(data.Count, rng, hot);
                    if (rng.Next(2) == 0) at -= at % width;
                    width = Math.Min(width, data.Count - at);
                    ulong value = Interesting[rng.Next(Interesting.Length)];
                    if (rng.Next(4) == 0) value = ReadLittle(data, at, width) + (ulong)rng.Next(-2, 3);
                    bool big = rng.Next(5) == 0;
                    Span<byte> bytes = stackalloc byte[8];
                    if (big) BinaryPrimitives.WriteUInt64BigEndian(bytes, value << (8 * (8 - width)));
                    else BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
                    for (int i = 0; i < width; i++) data[at + i] = bytes[i];
                    return $"int{width * 8}{(big ? "be" : "")}=0x{value:x}@{at}";
                }
            case 6:
                {
                    int at = Offset(data.Count, rng, hot);
                    int length = Math.Min(data.Count - at, rng.Next(1, 257));
                    var chunk = data.GetRange(at, length);
                    int to = rng.Next(2) == 0 ? at + length : rng.Next(data.Count + 1);
                    data.InsertRange(to, chunk);
                    return $"dup{length}@{at}->{to}";
                }
            case 7:
                {
                    int at = Offset(data.Count, rng, hot);
                    int length = Math.Min(data.Count - at, rng.Next(1, 257));
                    data.RemoveRange(at, length);
                    return $"cut{length}@{at}";
                }
            case 8:
                {
                    int at = Offset(data.Count, rng, hot);
                    int length = rng.Next(1, 33);
                    var noise = new byte[length];
                    rng.NextBytes(noise);
                    data.InsertRange(at, noise);
                    return $"insert{length}@{at}";
                }
            default:
                {
                    int length = rng.Next(1, 4097);
                    var noise = new byte[length];
                    if (rng.Next(2) == 0) rng.NextBytes(noise);
                    data.AddRange(noise);
                    return $"append{length}";
                }
        }
    }

    /// <summary>A random offset, inside a hot range three times out of four when there are any.</summary>
    public static int Offset(int length, Random rng, IReadOnlyList<(int Start, int Length)>? hot = null)
    {
        if (hot is { Count: > 0 } && rng.Next(4) != 0)
        {
            var (start, size) = hot[rng.Next(hot.Count)];
            int at = start + rng.Next(Math.Max(1, size));
            if (at < length) return at;
        }
        return rng.Next(length);
    }

    private static ulong ReadLittle(List<byte> data, int at, int width)
    {
        ulong value = 0;
        for (int i = width - 1; i >= 0; i--) value = (value << 8) | data[at + i];
        return value;
    }

    /// <summary>Index of the first occurrence of <paramref name="pattern"/> at or after <paramref name="from"/>, or -1.</summary>
    public static int IndexOf(byte[] data, ReadOnlySpan<byte> pattern, int from = 0)
    {
        int found = data.AsSpan(from).IndexOf(pattern);
        return found < 0 ? -1 : from + found;
    }

    /// <summary>Every index where <paramref name="pattern"/> occurs.</summary>
    public static List<int> IndicesOf(byte[] data, ReadOnlySpan<byte> pattern)
    {
        var result = new List<int>();
        for (int at = IndexOf(data, pattern); at >= 0; at = IndexOf(data, pattern, at + 1)) result.Add(at);
        return result;
    }
}
