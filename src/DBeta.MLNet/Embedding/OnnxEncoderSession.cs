using Microsoft.ML.OnnxRuntime;

namespace DBeta.MLNet;

/// <summary>
/// One ONNX Runtime session for an encoder model, created once and shared: ONNX Runtime's <c>Run</c> is thread-safe,
/// so many cursors and prediction engines can use it at once. Runs hold a lease, so a <see cref="Dispose"/> from
/// another thread (ML.NET's PredictionEngine disposes its transformer) frees the native session only after the
/// runs in flight end, and later runs get an <see cref="ObjectDisposedException"/> instead of a native crash.
/// </summary>
internal sealed class OnnxEncoderSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly Lock _gate = new();
    private int _leases = 1;
    private bool _disposed;

    public string ModelPath { get; }

    /// <summary>"CUDA:0" or "CPU".</summary>
    public string ExecutionProvider { get; }

    /// <summary>Why CUDA was not used although asked for, or null.</summary>
    public string? FallbackReason { get; }

    /// <summary>The model's metadata_props (the converter records the checkpoint's SHA-256 there).</summary>
    public IReadOnlyDictionary<string, string> CustomMetadata => _session.ModelMetadata.CustomMetadataMap;

    public OnnxEncoderSession(string modelPath, OnnxExecutionOptions options)
    {
        ModelPath = modelPath;
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"{modelPath}: ONNX model not found (convert a checkpoint with 'dbeta convert' or create a random-weight model)", modelPath);

        (_session, ExecutionProvider, FallbackReason) = Create(modelPath, options);
        if (FallbackReason is not null)
            (options.Log ?? (m => Console.Error.WriteLine(m)))($"DBeta.MLNet: CUDA device {options.GpuDeviceId} unavailable ({FallbackReason}); running {Path.GetFileName(modelPath)} on the CPU");
    }

    private static (InferenceSession, string, string?) Create(string modelPath, OnnxExecutionOptions options)
    {
        string? fallback = null;
        if (options.GpuDeviceId is int device)
        {
            var gpuOptions = BaseOptions(options, cpu: false);
            try
            {
                gpuOptions.AppendExecutionProvider_CUDA(device);
                return (Open(modelPath, gpuOptions), $"CUDA:{device}", null);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                gpuOptions.Dispose();
                if (!options.FallbackToCpu)
                    throw new ModelFormatException(modelPath, $"cannot run on CUDA device {device}: {e.Message}", e);
                fallback = e.Message.Split('\n')[0].Trim();
            }
        }
        return (Open(modelPath, BaseOptions(options, cpu: true)), "CPU", fallback);
    }

    /// <summary>
    /// ONNX Runtime fusions left out on the CPU when <see cref="OnnxExecutionOptions.DisableSlowCpuFusions"/> is set: its CPU
    /// SkipLayerNormalization kernel is scalar code, measured 7x slower than the unfused Add + LayerNormalization it
    /// replaces (0.49 vs 0.07 ms on [313, 768], 2 threads; docs/benchmarks.md).
    /// </summary>
    internal const string DisabledOptimizers = "SkipLayerNormFusion";

    /// <summary>The session options every encoder session starts from (threads, optimizations).</summary>
    internal static SessionOptions BaseOptions(OnnxExecutionOptions options, bool cpu)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.ResolvedIntraOpThreads,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (cpu && options.DisableSlowCpuFusions) sessionOptions.AddSessionConfigEntry("optimization.disable_specified_optimizers", DisabledOptimizers);
        return sessionOptions;
    }

    private static long _sessionsOpened;

    /// <summary>Encoder sessions this process has opened (ECG and text): how a cached evaluation shows it opened no model.</summary>
    internal static long SessionsOpened => Interlocked.Read(ref _sessionsOpened);

    private static InferenceSession Open(string modelPath, SessionOptions options)
    {
        try
        {
            Interlocked.Increment(ref _sessionsOpened);
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFormatException(modelPath, $"ONNX Runtime cannot load the model: {e.Message.Split('\n')[0]}", e);
        }
        finally
        {
            options.Dispose();
        }
    }

    /// <summary>Input and output names and shapes; read once when the model is opened.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata => _session.InputMetadata;

    /// <inheritdoc cref="InputMetadata"/>
    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata => _session.OutputMetadata;

    /// <summary>Runs the model on caller-owned input and output buffers.</summary>
    public void Run(IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames, IReadOnlyCollection<OrtValue> outputs)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _leases++;
        }
        try
        {
            using var runOptions = new RunOptions();
            _session.Run(runOptions, inputNames, inputs, outputNames, outputs);
        }
        catch (OnnxRuntimeException e)
        {
            // The inputs were checked against the model's signature, so a failure inside the graph is the model's.
            throw new ModelFormatException(ModelPath, $"ONNX Runtime cannot run the model: {e.Message.Split('\n')[0]}", e);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Throws unless every value of <paramref name="embeddings"/> (<paramref name="count"/> rows of <paramref name="width"/>)
    /// is finite: with finite inputs, a NaN or infinity out of the graph means broken weights, never a usable embedding.
    /// </summary>
    public void CheckFinite(ReadOnlySpan<float> embeddings, int count, int width)
    {
        int bad = EcgSource.IndexOfNonFinite(embeddings[..(count * width)]);
        if (bad >= 0)
            throw new ModelFormatException(ModelPath, $"gave a NaN or infinite embedding value (row {bad / width} of the batch, dimension {bad % width}) for finite inputs; its weights are broken");
    }

    private void Release()
    {
        bool last;
        lock (_gate) last = --_leases == 0;
        if (last) _session.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        Release();
    }
}
