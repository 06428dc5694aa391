using System.Numerics;
using System.Runtime.CompilerServices;

namespace DBeta.MLNet;

/// <summary>
/// A Python <c>dict</c> (or <c>OrderedDict</c>) as data: insertion-ordered; a key set twice keeps its first place and
/// its last value, as in Python. Strings, numbers and booleans compare by value, anything else by reference.
/// </summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object?, object?>> _items = [];
    private readonly Dictionary<object, int> _index = new(KeyComparer.Instance);
    private int _noneIndex = -1;

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<object?, object?>> Items => _items;

    /// <summary>The state BUILD gave the dict (an OrderedDict's attributes, e.g. a state dict's <c>_metadata</c>), or null.</summary>
    public object? State { get; set; }

    /// <summary>Number of entries.</summary>
    public int Count => _items.Count;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    public void Set(object? key, object? value)
    {
        int at = key is null ? _noneIndex : (_index.TryGetValue(key, out int i) ? i : -1);
        if (at >= 0)
        {
            _items[at] = new(key, value);
            return;
        }
        if (key is null) _noneIndex = _items.Count;
        else _index[key] = _items.Count;
        _items.Add(new(key, value));
    }

    /// <summary>The value under a string key.</summary>
    public bool TryGetValue(string key, out object? value)
    {
        if (_index.TryGetValue(key, out int i))
        {
            value = _items[i].Value;
            return true;
        }
        value = null;
        return false;
    }

    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y) => (x, y) switch
        {
            (string a, string b) => a == b,
            (long a, long b) => a == b,
            (BigInteger a, BigInteger b) => a == b,
            (double a, double b) => a.Equals(b),
            (bool a, bool b) => a == b,
            _ => ReferenceEquals(x, y),
        };

        public int GetHashCode(object obj) => obj switch
        {
            string or long or BigInteger or double or bool => obj.GetHashCode(),
            _ => RuntimeHelpers.GetHashCode(obj),
        };
    }
}
