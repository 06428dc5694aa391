using static DBeta.MLNet.OnnxAttribute;

namespace DBeta.MLNet;

/// <summary>
/// D-BETA's positional convolution (grouped Conv1d, kernel k, padding k/2, the extra last step dropped) computed through
/// the discrete Fourier transform over time, as a handful of matrix products: real DFT of the input (one MatMul), a
/// complex channel mix per frequency and group, inverse real DFT (one MatMul). For kernel 128 over 312 frames this is
/// about 0.43 instead of 2.95 GFLOP per ECG, and its MatMuls run near the machine's peak where ONNX Runtime's grouped
/// Conv (im2col, 48-row GEMMs) does not.
/// </summary>
/// <remarks>
/// Circular correlation over <see cref="Length"/> points equals the padded linear one as long as no tap wraps a
/// non-zero sample onto an output: <c>Length &gt;= frames + max(pad, k - 1 - pad)</c>. Longer inputs take the direct
/// Conv (an <c>If</c> in the graph). The frequency-domain weights are computed in the graph from the stored
/// time-domain weight, so ONNX Runtime folds them once when the session loads and the file stays the size it was.
/// </remarks>
internal sealed class SpectralPositionalConvolution
{
    private readonly int _kernel, _pad, _groups, _width;

    /// <param name="kernel">Kernel size k (taps at offsets -k/2 .. k - 1 - k/2).</param>
    /// <param name="groups">Convolution groups.</param>
    /// <param name="width">Channels in and out.</param>
    /// <param name="typicalFrames">Frames of the input the model is made for (5000 samples through the feature extractor).</param>
    public SpectralPositionalConvolution(int kernel, int groups, int width, int typicalFrames)
    {
        _kernel = kernel;
        _pad = kernel / 2;
        _groups = groups;
        _width = width;
        Length = RoundUp(typicalFrames + Reach, 32);
    }

    /// <summary>DFT length N: even, a multiple of 32.</summary>
    public int Length { get; }

    /// <summary>Frequencies of the real DFT, N / 2 + 1.</summary>
    public int Frequencies => Length / 2 + 1;

    /// <summary>Longest input (in frames) that the DFT of <see cref="Length"/> points convolves without wrap-around.</summary>
    public int MaxFrames => Length - Reach;

    private int Reach => Math.Max(_pad, _kernel - 1 - _pad);

    /// <summary>
    /// Emits <c>conv(x) + bias</c> for channels-first <c>x</c> [B, width, T] with T &lt;= <see cref="MaxFrames"/> (its
    /// int64 [1] <paramref name="frames"/>); returns [B, width, T]. <paramref name="spectralWeight"/> comes from
    /// <see cref="SpectralWeight"/>.
    /// </summary>
    /// <remarks>
    /// Every product has the ECGs' rows on the left and a constant on the right, as the encoder's other MatMuls do, so
    /// an embedding does not depend on how many ECGs share its batch or how ONNX Runtime splits the work over threads.
    /// </remarks>
    public string Emit(OnnxGraphBuilder g, string x, string frames, string spectralWeight, string bias, string name)
    {
        int f = Frequencies, cg = _width / _groups;

        // Real DFT over time of the input zero-padded to MaxFrames: [B, C, Tmax] x [Tmax, 2F] (F real parts, then F imaginary).
        string padding = g.Node("Concat", [g.Int64s(0, 0, 0, 0, 0), g.Node("Sub", [g.Int64s(MaxFrames), frames], name + ".padding")], name + ".pads", Int("axis", 0));
        string padded = g.Node("Pad", [x, padding], name + ".pad");
        string spectrum = g.MatMul(padded, g.Constant(name + ".dft", ForwardMatrix(), MaxFrames, 2 * f), name + ".dft.matmul");

        // Per frequency and group, [real rows; imaginary rows] x [Hr | Hi]: [F, G, 2B, cg] x [F, G, cg, 2cg].
        string grouped = g.Node("Reshape", [spectrum, g.Int64s(-1, _groups, cg, 2, f)], name + ".to_groups");
        grouped = g.Transpose(grouped, [4, 1, 3, 0, 2], name + ".by_frequency"); // [F, G, part, B, cg]
        grouped = g.Node("Reshape", [grouped, g.Int64s(f, _groups, -1, cg)], name + ".stack_parts");
        string products = g.MatMul(grouped, spectralWeight, name + ".mix");

        // (Xr + i Xi)(Hr + i Hi): real = XrHr - XiHi, imaginary = XrHi + XiHr.
        string parts = g.Node("Reshape", [products, g.Int64s(f, _groups, 2, -1, 2, cg)], name + ".parts");
        string[] byInput = g.Node("Split", [parts], 2, "", name + ".split_input", Int("axis", 2));
        string[] fromReal = g.Node("Split", [byInput[0]], 2, "", name + ".split_real", Int("axis", 4));
        string[] fromImaginary = g.Node("Split", [byInput[1]], 2, "", name + ".split_imaginary", Int("axis", 4));
        string real = g.Node("Sub", [fromReal[0], fromImaginary[1]], name + ".real");
        string imaginary = g.Add(fromReal[1], fromImaginary[0], name + ".imaginary");
        string mixed = g.Node("Concat", [real, imaginary], name + ".complex", Int("axis", 2)); // [F, G, part, B, 1, cg]
        mixed = g.Transpose(mixed, [3, 1, 4, 5, 2, 0], name + ".by_ecg"); // [B, G, 1, cg, part, F]
        mixed = g.Node("Reshape", [mixed, g.Int64s(-1, _width, 2 * f)], name + ".to_spectrum");

        // Inverse real DFT, [B, C, 2F] x [2F, Tmax], keeping the first T steps.
        string time = g.MatMul(mixed, g.Constant(name + ".idft", InverseMatrix(), 2 * f, MaxFrames), name + ".idft.matmul");
        time = g.Node("Slice", [time, g.Int64s(0), frames, g.Int64s(2)], name + ".trim");
        return g.Add(time, g.Node("Unsqueeze", [bias, g.Int64s(1)], name + ".bias.column"), name + ".bias");
    }

    /// <summary>
    /// The frequency response of every (output, input) channel pair of each group, computed in the graph from the
    /// time-domain weight <c>[width, width / groups, k]</c>: <c>[F, G, cg_in, 2 cg_out]</c> with real parts, then imaginary.
    /// Its inputs are all initializers, so ONNX Runtime folds it into a constant when the session loads.
    /// </summary>
    public string SpectralWeight(OnnxGraphBuilder g, string weight, string name)
    {
        int f = Frequencies, cg = _width / _groups;
        string response = g.MatMul(weight, g.Constant(name + ".response", ResponseMatrix(), _kernel, 2 * f), name + ".response.matmul"); // [C, cg_in, 2F]
        response = g.Node("Reshape", [response, g.Int64s(_groups, cg, cg, 2, f)], name + ".response.groups"); // [G, out, in, part, F]
        response = g.Transpose(response, [4, 0, 2, 3, 1], name + ".response.by_frequency"); // [F, G, in, part, out]
        return g.Node("Reshape", [response, g.Int64s(f, _groups, cg, 2 * cg)], name + ".response.weight");
    }

    /// <summary>Row n &lt; <see cref="MaxFrames"/>: cos(2 pi f n / N) for each f, then -sin(2 pi f n / N).</summary>
    internal float[] ForwardMatrix()
    {
        int f = Frequencies, t = MaxFrames;
        var m = new float[t * 2 * f];
        for (int n = 0; n < t; n++)
            for (int k = 0; k < f; k++)
            {
                double angle = Angle((long)k * n);
                m[n * 2 * f + k] = (float)Math.Cos(angle);
                m[n * 2 * f + f + k] = (float)-Math.Sin(angle);
            }
        return m;
    }

    /// <summary>
    /// Column t: the real inverse DFT's weights, rows f for the real parts, <c>a_f cos(2 pi f t / N)</c>, then rows
    /// F + f for the imaginary parts, <c>-a_f sin(2 pi f t / N)</c>, with <c>a_f = 1/N</c> at DC and Nyquist, else <c>2/N</c>.
    /// </summary>
    internal float[] InverseMatrix()
    {
        int f = Frequencies, t = MaxFrames;
        var m = new float[2 * f * t];
        for (int k = 0; k < f; k++)
            for (int n = 0; n < t; n++)
            {
                double a = (k == 0 || 2 * k == Length ? 1.0 : 2.0) / Length, angle = Angle((long)k * n);
                m[k * t + n] = (float)(a * Math.Cos(angle));
                m[(f + k) * t + n] = (float)(-a * Math.Sin(angle));
            }
        return m;
    }

    /// <summary>
    /// Row j (tap j, offset d = j - pad): <c>cos(2 pi f d / N)</c>, then <c>sin(2 pi f d / N)</c>: correlation with taps
    /// at offset d multiplies the input's spectrum by <c>sum_d w_d e^{+2 pi i f d / N}</c>.
    /// </summary>
    internal float[] ResponseMatrix()
    {
        int f = Frequencies;
        var m = new float[_kernel * 2 * f];
        for (int j = 0; j < _kernel; j++)
            for (int k = 0; k < f; k++)
            {
                double angle = Angle((long)k * (j - _pad));
                m[j * 2 * f + k] = (float)Math.Cos(angle);
                m[j * 2 * f + f + k] = (float)Math.Sin(angle);
            }
        return m;
    }

    /// <summary>2 pi (product mod N) / N: reducing the integer first keeps the angle exact for large products.</summary>
    private double Angle(long product) => 2 * Math.PI * (((product % Length) + Length) % Length) / Length;

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
