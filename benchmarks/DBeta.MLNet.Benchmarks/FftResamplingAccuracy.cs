using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// Accuracy of each <see cref="FftResamplingMethod"/> against <c>scipy.signal.resample</c> on the committed fixtures
/// (tests/fixtures/preprocessing and tests/fixtures/fft-comparison, written by the scripts in tests/reference): the
/// largest absolute error over both signals of a case, relative to the reference's largest magnitude.
/// </summary>
internal static class FftResamplingAccuracy
{
    public static string Table(string repositoryRoot)
    {
        var cases = new[]
        {
            ("preprocessing", 4096, 5120), ("preprocessing", 1000, 5000), ("fft-comparison", 7500, 5000), ("preprocessing", 4097, 5121),
            ("preprocessing", 999, 1500), ("preprocessing", 1001, 2003), ("fft-comparison", 1009, 5000), ("fft-comparison", 4999, 5003),
            ("fft-comparison", 5003, 4999), ("preprocessing", 5000, 4096),
        };
        var text = new StringBuilder("| n -> num | " + string.Join(" | ", FftResamplingMethod.All.Select(m => m.Name)) + " |\n|---|" +
            string.Concat(FftResamplingMethod.All.Select(_ => "---:|")) + "\n");
        foreach (var (folder, n, num) in cases)
        {
            string stem = Path.Combine(repositoryRoot, "tests", "fixtures", folder, $"resample_{n}_{num}");
            var (inputShape, input) = ReadNpy(stem + "_input.npy");
            var (_, expected) = ReadNpy(stem + "_output.npy");
            double peak = expected.Max(Math.Abs);
            text.Append($"| {n} -> {num} |");
            foreach (var method in FftResamplingMethod.All)
            {
                double worst = 0;
                for (int signal = 0; signal < inputShape[0]; signal++)
                {
                    double[] x = input.AsSpan(signal * n, n).ToArray(), y = new double[num];
                    method.Resample(x, y);
                    for (int i = 0; i < num; i++) worst = Math.Max(worst, Math.Abs(y[i] - expected[signal * num + i]));
                }
                text.Append(CultureInfo.InvariantCulture, $" {worst / peak:0.0e+0} |");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    // Little-endian float32 or float64, C order: enough for the fixtures.
    private static (int[] Shape, double[] Values) ReadNpy(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        int[] shape = Regex.Match(header, @"'shape': \(([^)]*)\)").Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        bool isDouble = header.Contains("'<f8'");
        int count = shape.Aggregate(1, (a, b) => a * b), start = 10 + headerLength;
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
            values[i] = isDouble ? BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(start + 8 * i)) : BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + 4 * i));
        return (shape, values);
    }
}
