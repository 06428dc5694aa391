using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// Parses fairseq's <c>conv_feature_layers</c> string, a small Python expression such as <c>"[(256, 2, 2)] * 4"</c>:
/// lists of <c>(channels, kernel, stride)</c> tuples, repeated with <c>* n</c> (or <c>n *</c>) and joined with <c>+</c>.
/// Nothing is evaluated; anything else is an error.
/// </summary>
internal sealed class ConvLayerExpression
{
    private const int MaxLayers = 64;
    private readonly string _text;
    private readonly string _source;
    private int _pos;

    private ConvLayerExpression(string text, string source)
    {
        _text = text;
        _source = source;
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names the file in error messages.</summary>
    public static IReadOnlyList<ConvLayerSpec> Parse(string text, string source)
    {
        var parser = new ConvLayerExpression(text, source);
        var layers = parser.Sum();
        parser.SkipSpace();
        if (parser._pos != text.Length) throw parser.Error("unexpected text");
        if (layers.Count == 0) throw parser.Error("no layers");
        return layers;
    }

    private List<ConvLayerSpec> Sum()
    {
        var layers = Product();
        while (TryTake('+'))
        {
            layers.AddRange(Product());
            if (layers.Count > MaxLayers) throw Error($"more than {MaxLayers} layers");
        }
        return layers;
    }

    private List<ConvLayerSpec> Product()
    {
        int repeat = 1;
        SkipSpace();
        if (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            repeat = Integer();
            Expect('*');
        }
        var list = List();
        // Checked after every factor: "* 1073741825 * 4" must not wrap around to 4.
        while (TryTake('*'))
        {
            long product = (long)repeat * Integer();
            if (product * Math.Max(1, list.Count) > MaxLayers) throw Error($"repeat count {product} out of range");
            repeat = (int)product;
        }
        if ((long)repeat * list.Count > MaxLayers) throw Error($"repeat count {repeat} out of range");
        var result = new List<ConvLayerSpec>(list.Count * repeat);
        for (int i = 0; i < repeat; i++) result.AddRange(list);
        return result;
    }

    private List<ConvLayerSpec> List()
    {
        Expect('[');
        var list = new List<ConvLayerSpec>();
        if (TryTake(']')) return list;
        do
        {
            if (Peek(']')) break; // trailing comma
            list.Add(Tuple());
        } while (TryTake(','));
        Expect(']');
        return list;
    }

    private ConvLayerSpec Tuple()
    {
        Expect('(');
        int channels = Integer();
        Expect(',');
        int kernel = Integer();
        Expect(',');
        int stride = Integer();
        TryTake(',');
        Expect(')');
        if (channels <= 0 || kernel <= 0 || stride <= 0) throw Error("channels, kernel and stride must be positive");
        return new ConvLayerSpec(channels, kernel, stride);
    }

    private int Integer()
    {
        SkipSpace();
        int start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        if (start == _pos) throw Error("expected an integer");
        if (!int.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            throw Error("integer too large");
        return value;
    }

    private void Expect(char c)
    {
        if (!TryTake(c)) throw Error($"expected '{c}'");
    }

    private bool TryTake(char c)
    {
        if (!Peek(c)) return false;
        _pos++;
        return true;
    }

    private bool Peek(char c)
    {
        SkipSpace();
        return _pos < _text.Length && _text[_pos] == c;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private ModelFormatException Error(string problem) =>
        new(_source, $"conv_feature_layers \"{_text}\": {problem} at position {_pos}; expected a list of (channels, kernel, stride) tuples such as \"[(256, 2, 2)] * 4\"");
}
