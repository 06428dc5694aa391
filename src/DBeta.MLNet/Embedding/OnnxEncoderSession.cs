using DBeta.MLNet.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace DBeta.MLNet.Embedding;

/// <summary>
/// One ONNX Runtime session for an encoder model, created once and shared: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// is thread-safe, so many cursors and prediction engines can use it at once.
/// </summary>
internal sealed class OnnxEncoderSession : IDisposable
{
    public InferenceSession Session { get; }

    public string ModelPath { get; }

    /// <summary>"CUDA:0" or "CPU".</summary>
    public string ExecutionProvider { get; }

    /// <summary>Why CUDA was not used although asked for, or null.</summary>
    public string? FallbackReason { get; }

    public OnnxEncoderSession(string modelPath, OnnxExecutionOptions options)
    {
        ModelPath = modelPath;
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"{modelPath}: ONNX model not found (convert a checkpoint with 'dbeta convert' or create a random-weight model)", modelPath);

        (Session, ExecutionProvider, FallbackReason) = Create(modelPath, options);
        if (FallbackReason is not null)
            (options.Log ?? (m => Console.Error.WriteLine(m)))($"DBeta.MLNet: CUDA device {options.GpuDeviceId} unavailable ({FallbackReason}); running {Path.GetFileName(modelPath)} on the CPU");
    }

    private static (InferenceSession, string, string?) Create(string modelPath, OnnxExecutionOptions options)
    {
        string? fallback = null;
        if (options.GpuDeviceId is int device)
        {
            var gpuOptions = BaseOptions(options);
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
        return (Open(modelPath, BaseOptions(options)), "CPU", fallback);
    }

    private static SessionOptions BaseOptions(OnnxExecutionOptions options) => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        IntraOpNumThreads = options.IntraOpThreads,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };

    private static InferenceSession Open(string modelPath, SessionOptions options)
    {
        try
        {
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

    public void Dispose() => Session.Dispose();
}
