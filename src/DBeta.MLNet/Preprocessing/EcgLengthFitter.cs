namespace DBeta.MLNet;

/// <summary>Crops or zero-pads signals to a target length, anchored at the start or the centre.</summary>
internal static class EcgLengthFitter
{
    /// <summary>
    /// Fits one signal into <paramref name="output"/> (the target length is <c>output.Length</c>): longer signals are
    /// cropped, shorter ones zero-padded, both around <paramref name="anchor"/>. Equal lengths copy bit for bit.
    /// </summary>
    public static void Fit(ReadOnlySpan<float> input, Span<float> output, EcgLengthAnchor anchor = EcgLengthAnchor.Start)
    {
        int length = input.Length, target = output.Length;
        if (length >= target)
        {
            int start = anchor == EcgLengthAnchor.Center ? (length - target) / 2 : 0;
            input.Slice(start, target).CopyTo(output);
            return;
        }
        int before = anchor == EcgLengthAnchor.Center ? (target - length) / 2 : 0;
        output[..before].Clear();
        input.CopyTo(output[before..]);
        output[(before + length)..].Clear();
    }

    /// <summary>
    /// Fits each of <paramref name="leadCount"/> lead-major signals (<c>[lead, time]</c>) in <paramref name="input"/>
    /// to <c>output.Length / leadCount</c> samples.
    /// </summary>
    public static void FitLeads(ReadOnlySpan<float> input, Span<float> output, int leadCount, EcgLengthAnchor anchor = EcgLengthAnchor.Start)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leadCount);
        if (input.Length % leadCount != 0)
            throw new ArgumentException($"{input.Length} input samples do not divide into {leadCount} leads", nameof(input));
        if (output.Length % leadCount != 0)
            throw new ArgumentException($"{output.Length} output samples do not divide into {leadCount} leads", nameof(output));
        int length = input.Length / leadCount, target = output.Length / leadCount;
        for (int lead = 0; lead < leadCount; lead++)
            Fit(input.Slice(lead * length, length), output.Slice(lead * target, target), anchor);
    }
}
