using System.Buffers.Binary;

namespace DBeta.MLNet;

/// <summary>
/// Reads the samples of a WFDB record from its signal files and converts them to physical units,
/// <c>(digital - baseline) / gain</c>. Formats 16, 61, 80, 160, 212, 24 and 32; signals sharing a file are
/// interleaved frame by frame. WFDB's invalid-sample value becomes NaN.
/// </summary>
internal static class WfdbReader
{
    public static readonly int[] SupportedFormats = [16, 61, 80, 160, 212, 24, 32];

    /// <summary>The signals stored in one file: their indices in the header, the format and the byte offset.</summary>
    public sealed record SignalFile(string FileName, string FullPath, int Format, long ByteOffset, int[] Signals);

    /// <summary>Groups the signals by file; the signals of one file must share its format.</summary>
    public static List<SignalFile> Files(WfdbHeader header)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(header.HeaderPath)) ?? ".";
        var files = new List<SignalFile>();
        for (int s = 0; s < header.Signals.Count; s++)
        {
            var signal = header.Signals[s];
            int existing = files.FindIndex(f => f.FileName == signal.FileName);
            if (existing < 0)
            {
                files.Add(new SignalFile(signal.FileName, SignalPath(header, folder, signal.FileName, s), signal.Format, signal.ByteOffset, [s]));
                continue;
            }
            var file = files[existing];
            if (file.Format != signal.Format)
                throw new EcgDataException(header.HeaderPath,
                    $"signals {file.Signals[0] + 1} and {s + 1} share file '{signal.FileName}' but have formats {file.Format} and {signal.Format}", header.RecordName);
            files[existing] = file with { Signals = [.. file.Signals, s] };
        }
        return files;
    }

    /// <summary>
    /// Where signal <paramref name="s"/>'s file is: beside the header or below it. A header from an archive must not make
    /// the reader open files elsewhere (<c>/etc/...</c>, <c>../..</c>, devices), so other names are errors.
    /// </summary>
    private static string SignalPath(WfdbHeader header, string folder, string fileName, int s)
    {
        if (fileName.Contains('\0') || Path.IsPathRooted(fileName))
            throw new EcgDataException(header.HeaderPath, $"signal {s + 1}: file name '{fileName.Replace('\0', '?')}' is not a file name relative to the header's folder", header.RecordName);
        string full = Path.GetFullPath(Path.Combine(folder, fileName));
        if (!full.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new EcgDataException(header.HeaderPath, $"signal {s + 1}: file '{fileName}' is outside the header's folder; signal files must sit beside their header or below it", header.RecordName);
        return full;
    }

    /// <summary>Bytes needed for <paramref name="samples"/> samples in <paramref name="format"/>.</summary>
    public static long BytesFor(int format, long samples) => format switch
    {
        80 => samples,
        16 or 61 or 160 => samples * 2,
        212 => (samples * 3 + 1) / 2,
        24 => samples * 3,
        32 => samples * 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Whole frames a signal file of <paramref name="length"/> bytes holds.</summary>
    public static long FramesIn(SignalFile file, long length)
    {
        long bytes = Math.Max(0, length - file.ByteOffset);
        long samples = file.Format switch
        {
            80 => bytes,
            16 or 61 or 160 => bytes / 2,
            212 => bytes * 2 / 3,
            24 => bytes / 3,
            32 => bytes / 4,
            _ => 0,
        };
        return samples / file.Signals.Length;
    }

    /// <summary>
    /// Checks that the files holding <paramref name="needed"/> signals exist, use a supported format with one sample
    /// per frame and no skew, and are long enough for <paramref name="frames"/> frames.
    /// </summary>
    public static void Check(WfdbHeader header, IEnumerable<int> needed, long frames)
    {
        var wanted = needed.ToHashSet();
        foreach (var file in Files(header))
        {
            if (!file.Signals.Any(wanted.Contains)) continue;
            foreach (int s in file.Signals)
            {
                var signal = header.Signals[s];
                string label = $"signal {s + 1} ({signal.Description})";
                if (!SupportedFormats.Contains(signal.Format))
                    throw new EcgDataException(header.HeaderPath, $"{label}: format {signal.Format} is not supported (supported: {string.Join(", ", SupportedFormats)})", header.RecordName);
                if (signal.SamplesPerFrame != 1)
                    throw new EcgDataException(header.HeaderPath, $"{label}: {signal.SamplesPerFrame} samples per frame are not supported", header.RecordName);
                if (signal.Skew != 0)
                    throw new EcgDataException(header.HeaderPath, $"{label}: skewed signals are not supported", header.RecordName);
            }
            if (!File.Exists(file.FullPath))
                throw new EcgDataException(file.FullPath, "signal file named in the header does not exist", header.RecordName);
            long length = new FileInfo(file.FullPath).Length;
            long needBytes = file.ByteOffset + BytesFor(file.Format, frames * file.Signals.Length);
            if (length < needBytes)
                throw new EcgDataException(file.FullPath,
                    $"holds {length} bytes but the header needs {needBytes} ({frames} samples of {file.Signals.Length} signals in format {file.Format}); the file is truncated",
                    header.RecordName);
        }
    }

    /// <summary>
    /// Reads the first <paramref name="frames"/> samples of each signal <c>s</c> with <c>rowOfSignal[s] &gt;= 0</c> into row
    /// <c>rowOfSignal[s]</c> of <paramref name="destination"/> (<c>[rows, frames]</c>), in physical units times
    /// <c>scale[s]</c>. Call <see cref="Check"/> first.
    /// </summary>
    public static void ReadPhysical(WfdbHeader header, int frames, ReadOnlySpan<int> rowOfSignal, ReadOnlySpan<double> scale, Span<float> destination)
    {
        foreach (var file in Files(header))
        {
            bool any = false;
            foreach (int s in file.Signals) any |= rowOfSignal[s] >= 0;
            if (!any) continue;

            int width = file.Signals.Length;
            long sampleCount = (long)frames * width;
            var bytes = new byte[BytesFor(file.Format, sampleCount)];
            using (var handle = File.OpenHandle(file.FullPath))
            {
                int done = 0;
                while (done < bytes.Length)
                {
                    int n = RandomAccess.Read(handle, bytes.AsSpan(done), file.ByteOffset + done);
                    if (n == 0) throw new EcgDataException(file.FullPath, $"ends after {file.ByteOffset + done} bytes, before the {frames} samples the header gives", header.RecordName);
                    done += n;
                }
            }
            var digital = new int[sampleCount];
            int invalid = Decode(file.Format, bytes, digital);

            for (int j = 0; j < width; j++)
            {
                int s = file.Signals[j];
                int row = rowOfSignal[s];
                if (row < 0) continue;
                var signal = header.Signals[s];
                double factor = scale[s] / signal.Gain;
                var dst = destination.Slice(row * frames, frames);
                for (int t = 0, k = j; t < frames; t++, k += width)
                {
                    int d = digital[k];
                    dst[t] = d == invalid ? float.NaN : (float)((d - signal.Baseline) * factor);
                }
            }
        }
    }

    /// <summary>Decodes all samples of <paramref name="bytes"/>; returns the format's invalid-sample value.</summary>
    private static int Decode(int format, ReadOnlySpan<byte> bytes, Span<int> samples)
    {
        switch (format)
        {
            case 16:
                for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]);
                return short.MinValue;
            case 61:
                for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16BigEndian(bytes[(2 * i)..]);
                return short.MinValue;
            case 160:
                for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) - 32768;
                return short.MinValue;
            case 80:
                for (int i = 0; i < samples.Length; i++) samples[i] = bytes[i] - 128;
                return -128;
            case 24:
                for (int i = 0; i < samples.Length; i++)
                {
                    int v = bytes[3 * i] | (bytes[3 * i + 1] << 8) | (bytes[3 * i + 2] << 16);
                    samples[i] = (v << 8) >> 8; // sign-extend 24 bits
                }
                return -(1 << 23);
            case 32:
                for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]);
                return int.MinValue;
            case 212:
                // Two 12-bit samples in three bytes: the low byte of each, and their high nibbles sharing the middle byte.
                for (int i = 0; i < samples.Length; i++)
                {
                    int b = 3 * (i / 2);
                    int v = (i & 1) == 0
                        ? bytes[b] | ((bytes[b + 1] & 0x0F) << 8)
                        : bytes[b + 2] | ((bytes[b + 1] & 0xF0) << 4);
                    samples[i] = (v << 20) >> 20; // sign-extend 12 bits
                }
                return -2048;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), $"format {format} is not supported");
        }
    }
}
