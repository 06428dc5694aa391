using BenchmarkDotNet.Attributes;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// Time to resample one 12-lead ECG (float, lead-major, as the pipeline holds it) with the project's FFT and with the
/// served FFT libraries (<see cref="FftResamplingMethod"/>). Accuracy against scipy: <c>-- --fft-accuracy</c>.
/// </summary>
[Config(typeof(ResamplingConfig))]
public class FftResamplingBenchmarks
{
    private const int Leads = 12;
    private float[] _input = null!;
    private float[] _output = null!;

    /// <summary>Input -> output samples per lead: CODE 400 Hz -> 500 Hz, 100 Hz (PTB-XL low rate) -> 500 Hz, 750 -> 500 Hz, odd and prime lengths.</summary>
    [Params("4096->5120", "1000->5000", "7500->5000", "4097->5121", "1009->5000", "4999->5003")]
    public string Lengths { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        int[] n = Lengths.Split("->").Select(int.Parse).ToArray();
        var random = new Random(5);
        _input = Enumerable.Range(0, Leads * n[0]).Select(i => (float)(Math.Sin(i * 0.013) + 0.1 * random.NextDouble())).ToArray();
        _output = new float[Leads * n[1]];
        // One ECG per thread, as the pipeline runs: MathNet's own parallel loops would otherwise compete for the cores.
        global::MathNet.Numerics.Control.UseSingleThread();
    }

    [Benchmark(Baseline = true)]
    public float Ours() => Run(0);

    [Benchmark]
    public float MathNet() => Run(1);

    [Benchmark]
    public float FftSharp() => Run(2);

    private float Run(int method)
    {
        FftResamplingMethod.All[method].ResampleEcg(_input, _output, Leads);
        return _output[^1];
    }
}
