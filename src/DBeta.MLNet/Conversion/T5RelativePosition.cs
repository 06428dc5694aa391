namespace DBeta.MLNet;

/// <summary>
/// T5's bidirectional relative-position buckets: half the buckets for keys after the query, half for keys before;
/// distances below a quarter of the buckets get their own bucket, longer ones share logarithmically sized buckets up to
/// <c>maxDistance</c>, beyond which all fall in the last one.
/// </summary>
internal static class T5RelativePosition
{
    /// <summary>The bucket of <paramref name="relative"/> = key position - query position.</summary>
    public static int Bucket(int relative, int buckets, int maxDistance)
    {
        int half = buckets / 2;
        int result = relative > 0 ? half : 0;
        int n = Math.Abs(relative);
        int maxExact = half / 2;
        if (n < maxExact) return result + n;
        // float32 arithmetic as in the PyTorch reference, so the boundaries (n = 16, 32, 64 for T5's defaults) agree.
        float ratio = MathF.Log((float)n / maxExact) / (float)Math.Log((double)maxDistance / maxExact);
        int large = maxExact + (int)(ratio * (half - maxExact));
        return result + Math.Min(large, half - 1);
    }

    /// <summary>
    /// Buckets for relative positions -<paramref name="maxDistance"/> .. +<paramref name="maxDistance"/>, index
    /// <c>relative + maxDistance</c>; positions farther apart share the end buckets, so clipping to this range is exact.
    /// </summary>
    public static long[] Table(int buckets, int maxDistance)
    {
        var table = new long[2 * maxDistance + 1];
        for (int r = -maxDistance; r <= maxDistance; r++) table[r + maxDistance] = Bucket(r, buckets, maxDistance);
        return table;
    }
}
