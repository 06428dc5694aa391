namespace DBeta.MLNet;

/// <summary>
/// SplitMix64-based uniform floats: a fixed, documented algorithm, so a seed gives the same weights on every .NET
/// version and platform (unlike <see cref="Random"/>, whose algorithm is an implementation detail).
/// </summary>
internal struct SeededUniform
{
    private ulong _state;

    public SeededUniform(ulong seed) => _state = seed;

    /// <summary>A stream for one named tensor: the seed mixed with a hash (FNV-1a) of the name.</summary>
    public static SeededUniform For(int seed, string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return new SeededUniform(h ^ ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL));
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [-bound, bound).</summary>
    public float Next(float bound) => (float)(((NextBits() >> 11) * (1.0 / (1UL << 53)) * 2 - 1) * bound);

    /// <summary>Fills <paramref name="data"/> uniformly in [-bound, bound).</summary>
    public void Fill(Span<float> data, float bound)
    {
        for (int i = 0; i < data.Length; i++) data[i] = Next(bound);
    }
}
