using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Measures, in one run, how fast an ECG encoder runs on this machine against what the machine allows: the MatMul
/// probe's GFLOP/s (<see cref="MatMulThroughput"/>), the model's FLOPs (<see cref="EcgEncoderFlops"/>), the roofline
/// ECG/s they imply, the ECG/s achieved through the ML.NET pipeline (load -> <c>PrepareEcgForDBeta</c> ->
/// <c>EmbedEcgWithDBeta</c>, every embedding read), and the process's peak memory. What <c>dbeta bench</c> prints.
/// Probe and pipeline take turns (probe, pipeline, probe, pipeline, ...) and the medians are compared, so a machine
/// that gets busier or quieter during the run moves both alike.
/// </summary>
internal static class EcgBenchmark
{
    /// <summary>Runs the measurement.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The model or the HDF5 file does not exist.</exception>
    /// <exception cref="ModelFormatException">The model is not an ECG encoder written by the converter.</exception>
    /// <exception cref="EcgDataException">The HDF5 file does not have the CODE layout.</exception>
    public static EcgBenchmarkReport Run(EcgBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ModelPath)) throw new ArgumentException("EcgBenchmarkOptions.ModelPath is required", nameof(options));
        if (options.Threads < 0) throw new ArgumentException($"Threads is {options.Threads}; expected 0 (ONNX Runtime's default) or more", nameof(options));
        if (options.BatchSize <= 0) throw new ArgumentException($"BatchSize is {options.BatchSize}; expected 1 or more", nameof(options));
        if (options.EcgCount is <= 0) throw new ArgumentException($"EcgCount is {options.EcgCount}; expected 1 or more, or null for a whole file", nameof(options));
        if (options.Hdf5Path is null && options.EcgCount is null) throw new ArgumentException("EcgCount is required for synthetic ECGs", nameof(options));
        if (options.Rounds <= 0) throw new ArgumentException($"Rounds is {options.Rounds}; expected 1 or more", nameof(options));
        var log = options.Log ?? (_ => { });

        var loadBefore = LoadAverage.Read();
        ProcessMemory.ResetPeak(); // the peak then reflects this measurement, not e.g. writing the model just before
        var architecture = EcgModelArchitecture.Read(options.ModelPath);
        long flops = EcgEncoderFlops.Count(architecture.Config);

        var ml = new MLContext(seed: 1);
        IDataView data;
        double sampleRate;
        string source;
        if (options.Hdf5Path is { } path)
        {
            var view = ml.Data.LoadEcgFromHdf5(path);
            sampleRate = view.SampleRate;
            data = options.EcgCount is int take ? ml.Data.TakeRows(view, take + options.BatchSize) : view;
            source = path;
        }
        else
        {
            // One extra batch: the first one warms the session up and is not timed.
            data = ml.Data.LoadSyntheticEcgs(new SyntheticEcgOptions { Count = options.EcgCount!.Value + options.BatchSize });
            sampleRate = DBetaConfig.CodeSampleRate;
            source = "synthetic";
        }

        var pipeline = ml.Transforms.PrepareEcgForDBeta(sampleRate)
            .Append(ml.Transforms.EmbedEcgWithDBeta(new EcgEmbeddingOptions
            {
                ModelPath = options.ModelPath,
                IntraOpThreads = options.Threads,
                DisableSlowCpuFusions = true,
                BatchSize = options.BatchSize,
            }));
        using var transformer = pipeline.Fit(data);
        var embedded = transformer.Transform(data);
        var column = embedded.Schema[DBetaColumnNames.Embedding];

        var probeRates = new List<double>();
        var pipelineRates = new List<double>();
        long timedRows = 0, residentAfterWarmUp = 0;
        var probeDuration = options.MatMulDuration / options.Rounds;
        for (int round = 1; round <= options.Rounds; round++)
        {
            log(string.Create(CultureInfo.InvariantCulture, $"round {round} of {options.Rounds}: MatMul probe for {probeDuration.TotalSeconds:0.##} s on {options.Threads} threads"));
            probeRates.Add(MatMulThroughput.MeasureGflops(options.Threads, architecture.Precision, duration: probeDuration));
            var (rate, timed, resident) = TimePipeline(embedded, column, options.BatchSize, log);
            pipelineRates.Add(rate);
            timedRows = timed;
            if (round == 1) residentAfterWarmUp = resident;
            log(string.Create(CultureInfo.InvariantCulture, $"round {round}: {probeRates[^1]:F1} GFLOP/s, {rate:F2} ECG/s"));
        }

        return new EcgBenchmarkReport
        {
            ModelPath = Path.GetFullPath(options.ModelPath),
            Precision = architecture.Precision,
            Threads = options.Threads,
            MatMulGflops = SampleMedian.Of(probeRates),
            MatMulGflopsPerRound = probeRates,
            FlopsPerEcg = flops,
            EcgPerSecond = SampleMedian.Of(pipelineRates),
            EcgPerSecondPerRound = pipelineRates,
            EcgCount = timedRows,
            BatchSize = options.BatchSize,
            Source = source,
            ResidentBytesAfterWarmUp = residentAfterWarmUp,
            PeakResidentBytes = ProcessMemory.PeakResidentBytes(),
            LoadBefore = loadBefore,
            LoadAfter = LoadAverage.Read(),
        };
    }

    /// <summary>One pass over the pipeline's output: the first batch warms up and is not timed; returns ECG/s over the rest.</summary>
    private static (double Rate, long TimedRows, long ResidentAfterWarmUp) TimePipeline(IDataView embedded, DataViewSchema.Column column, int batchSize, Action<string> log)
    {
        long rows = 0, timedRows = 0, residentAfterWarmUp = 0;
        var clock = new Stopwatch();
        using (var cursor = embedded.GetRowCursor([column]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> embedding = default;
            while (cursor.MoveNext())
            {
                getter(ref embedding);
                rows++;
                if (rows == batchSize)
                {
                    residentAfterWarmUp = ProcessMemory.ResidentBytes();
                    clock.Start();
                }
                else if (rows > batchSize)
                {
                    timedRows++;
                }
            }
            clock.Stop();
        }
        if (timedRows == 0) throw new ArgumentException($"the data has {rows} ECGs; the benchmark needs more than one batch of {batchSize}");
        return (timedRows / clock.Elapsed.TotalSeconds, timedRows, residentAfterWarmUp);
    }
}
