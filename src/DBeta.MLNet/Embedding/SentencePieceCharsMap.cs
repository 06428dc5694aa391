using System.Buffers.Binary;

namespace DBeta.MLNet;

/// <summary>
/// The normalization rules of a SentencePiece model (<c>normalizer_spec.precompiled_charsmap</c>, NFKC plus whitespace
/// rules for T5): a little-endian <c>uint32</c> trie size, a darts-clone double-array trie whose keys are UTF-8 byte
/// strings, then a table of NUL-terminated replacement strings the trie's values point into.
/// </summary>
internal sealed class SentencePieceCharsMap
{
    private const int MaxMatches = 32;

    private readonly uint[] _units;
    private readonly byte[] _replacements;
    private readonly string _path;

    private SentencePieceCharsMap(uint[] units, byte[] replacements, string path)
    {
        _units = units;
        _replacements = replacements;
        _path = path;
    }

    /// <summary>Reads the rules; <see langword="null"/> when the model has none (identity normalization).</summary>
    public static SentencePieceCharsMap? Parse(ReadOnlySpan<byte> blob, string path)
    {
        if (blob.IsEmpty) return null;
        if (blob.Length < 4)
            throw new ModelFormatException(path, $"normalizer_spec.precompiled_charsmap is {blob.Length} bytes, too short to hold its trie size");
        uint trieBytes = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieBytes == 0 || trieBytes % 4 != 0 || trieBytes > blob.Length - 4)
            throw new ModelFormatException(path, $"normalizer_spec.precompiled_charsmap claims a {trieBytes}-byte trie in a {blob.Length}-byte blob");

        var units = new uint[trieBytes / 4];
        for (int i = 0; i < units.Length; i++)
            units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.Slice(4 + 4 * i));
        return new SentencePieceCharsMap(units, blob[(4 + (int)trieBytes)..].ToArray(), path);
    }

    /// <summary>
    /// The longest rule whose key is a prefix of <paramref name="input"/>: how many bytes it covers (0 when no rule
    /// applies) and what they become, which may be nothing (control characters, BOM, variation selectors are deleted).
    /// </summary>
    public int MatchLongest(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> replacement)
    {
        replacement = default;
        int longest = 0, longestValue = 0, matches = 0;

        // Common-prefix search over the double array: child of node n for byte b is n ^ offset(n) ^ b, valid when its label is b.
        uint node = 0;
        if (_units.Length == 0) return 0;
        node ^= Offset(_units[0]);
        for (int i = 0; i < input.Length; i++)
        {
            node ^= input[i];
            if (node >= (uint)_units.Length) break;
            uint unit = _units[node];
            if (Label(unit) != input[i]) break;
            node ^= Offset(unit);
            if (node >= (uint)_units.Length) break;
            // sentencepiece keeps the first 32 matches only; match it even there.
            if (HasLeaf(unit) && matches++ < MaxMatches)
            {
                longest = i + 1;
                longestValue = (int)Value(_units[node]);
            }
        }
        if (longest == 0) return 0;

        if (longestValue >= _replacements.Length)
            throw new ModelFormatException(_path, $"normalizer_spec.precompiled_charsmap: a rule points at byte {longestValue} of a {_replacements.Length}-byte string table");
        int end = Array.IndexOf(_replacements, (byte)0, longestValue);
        replacement = _replacements.AsSpan(longestValue, (end < 0 ? _replacements.Length : end) - longestValue);
        return longest;
    }

    // darts-clone unit layout: label in bits 0-7 (bit 31 set on leaves), has-leaf bit 8, offset in bits 10-31 scaled by bit 9.
    private static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;

    private static uint Value(uint unit) => unit & 0x7FFFFFFFu;

    private static uint Label(uint unit) => unit & (0x80000000u | 0xFFu);

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
