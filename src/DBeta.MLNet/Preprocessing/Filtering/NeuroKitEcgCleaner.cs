using System.Buffers;
using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// NeuroKit2's default ECG cleaning (<c>ecg_clean(x, sampling_rate, method="neurokit")</c>) for one sampling rate, in double:
/// a 5th-order Butterworth high-pass at 0.5 Hz designed as second-order sections at that rate and run forward and backward
/// (<c>sosfiltfilt</c>), then the powerline step, a moving average over one mains period (<c>int(rate / powerline)</c>
/// samples; 2 below 100 Hz) run forward and backward (<c>filtfilt</c>). Immutable and safe to share between threads.
/// </summary>
internal sealed class NeuroKitEcgCleaner
{
    /// <summary>NeuroKit2's Butterworth order for <c>ecg_clean</c>'s high-pass.</summary>
    public const int HighPassOrder = 5;

    /// <summary>NeuroKit2's high-pass cut-off in Hz.</summary>
    public const double DefaultHighPassCutoff = 0.5;

    /// <summary>NeuroKit2's default mains frequency in Hz.</summary>
    public const double DefaultPowerlineFrequency = 50;

    /// <summary>Sampling rate in Hz the filters are designed for.</summary>
    public double SampleRate { get; }

    /// <summary>The high-pass, as <c>scipy.signal.butter(5, cutoff, btype="highpass", output="sos", fs=rate)</c>.</summary>
    public SecondOrderSections HighPass { get; }

    /// <summary>The powerline moving average.</summary>
    public ZeroPhaseMovingAverage Powerline { get; }

    /// <summary>The shortest signal both steps accept: more samples than either step pads each end with.</summary>
    public int MinimumLength => Math.Max(HighPass.MinimumLength, Powerline.MinimumLength);

    public NeuroKitEcgCleaner(double sampleRate, double highPassCutoff = DefaultHighPassCutoff, double powerlineFrequency = DefaultPowerlineFrequency)
    {
        if (!(powerlineFrequency > 0) || !double.IsFinite(powerlineFrequency))
            throw new ArgumentOutOfRangeException(nameof(powerlineFrequency), powerlineFrequency, "the powerline frequency must be a positive number of Hz");
        HighPass = ButterworthHighPass.Design(HighPassOrder, highPassCutoff, sampleRate);
        SampleRate = sampleRate;
        Powerline = new ZeroPhaseMovingAverage(PowerlineTaps(sampleRate, powerlineFrequency));
    }

    /// <summary>NeuroKit2's moving-average length: one mains period, <c>int(rate / powerline)</c> samples at 100 Hz and above, else 2.</summary>
    public static int PowerlineTaps(double sampleRate, double powerlineFrequency) =>
        sampleRate >= 100 ? Math.Max((int)(sampleRate / powerlineFrequency), 1) : 2;

    /// <summary>
    /// The problem text for a signal of <paramref name="length"/> samples, e.g. <c>20 samples per lead are too few for the
    /// NeuroKit filter at 500 Hz: it needs at least 31 (...)</c>, or null when the length is enough.
    /// </summary>
    public string? LengthProblem(int length) => length >= MinimumLength ? null : string.Create(CultureInfo.InvariantCulture,
        $"{length} samples per lead are too few for the NeuroKit filter at {SampleRate} Hz: it needs at least {MinimumLength} " +
        $"(scipy pads each end by {HighPass.PadLength} samples for the high-pass and {Powerline.PadLength} for the {Powerline.Taps}-sample powerline average, and needs more samples than that)");

    /// <summary>Cleans <paramref name="signal"/> into <paramref name="output"/> (same length; they may be the same memory).</summary>
    /// <exception cref="ArgumentException">The signal is shorter than <see cref="MinimumLength"/>, or the lengths differ.</exception>
    public void Clean(ReadOnlySpan<double> signal, Span<double> output)
    {
        if (LengthProblem(signal.Length) is { } problem) throw new ArgumentException(problem, nameof(signal));
        HighPass.FilterForwardBackward(signal, output);
        Powerline.FilterForwardBackward(output, output);
    }

    /// <summary>Cleans each of <paramref name="leadCount"/> lead-major leads of <paramref name="input"/> into <paramref name="output"/>, in double, rounding once to float.</summary>
    public void CleanLeads(ReadOnlySpan<float> input, Span<float> output, int leadCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leadCount);
        if (input.Length % leadCount != 0)
            throw new ArgumentException($"{input.Length} samples do not divide into {leadCount} leads", nameof(input));
        if (output.Length != input.Length)
            throw new ArgumentException($"expected {input.Length} output samples, got {output.Length}", nameof(output));
        int length = input.Length / leadCount;
        double[] buffer = ArrayPool<double>.Shared.Rent(length);
        try
        {
            var lead = buffer.AsSpan(0, length);
            for (int l = 0; l < leadCount; l++)
            {
                var source = input.Slice(l * length, length);
                for (int t = 0; t < length; t++) lead[t] = source[t];
                Clean(lead, lead);
                var target = output.Slice(l * length, length);
                for (int t = 0; t < length; t++) target[t] = (float)lead[t];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
