namespace DBeta.MLNet;

/// <summary>How an encoder's ONNX Runtime session runs: threads and execution provider.</summary>
public class OnnxExecutionOptions
{
    /// <summary>
    /// Threads ONNX Runtime uses inside one operator. 0 (default): <see cref="Environment.ProcessorCount"/>, the
    /// processors this process may run on (it honours CPU affinity, such as a Slurm task's <c>--cpus-per-task</c>, and a
    /// container's CPU quota). ONNX Runtime's own default, one thread per physical core, used one thread on a 2-vCPU
    /// machine and ran 1.45x slower (docs/benchmarks.md).
    /// </summary>
    public int IntraOpThreads { get; set; }

    /// <summary>The thread count a session gets: <see cref="IntraOpThreads"/>, or the processor count when it is 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="IntraOpThreads"/> is negative.</exception>
    internal int ResolvedIntraOpThreads =>
        IntraOpThreads > 0 ? IntraOpThreads
        : IntraOpThreads == 0 ? Environment.ProcessorCount
        : throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be 0 (the processor count) or more");

    /// <summary>
    /// CUDA device to run on, or <c>null</c> (default) for the CPU. CUDA needs the GPU build of ONNX Runtime:
    /// build with <c>-p:DBetaGpu=true</c>.
    /// </summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>
    /// When the CUDA provider cannot start (CPU-only build, no driver, bad device id), run on the CPU and log the
    /// reason once (default <c>true</c>); when <c>false</c>, fail instead.
    /// </summary>
    public bool FallbackToCpu { get; set; } = true;

    /// <summary>
    /// Leave out ONNX Runtime's SkipLayerNormalization fusion on the CPU, whose kernel is slower there than the unfused
    /// operators (default <c>false</c>). Faster, but embeddings then differ in the last bits from what a saved and
    /// reloaded pipeline (ML.NET's <c>OnnxTransformer</c>, default optimizations) computes; leave it off where
    /// bit-identical save/load matters.
    /// </summary>
    public bool DisableSlowCpuFusions { get; set; }

    /// <summary>Receives one-line notes such as a fallback to the CPU; default writes to standard error.</summary>
    public Action<string>? Log { get; set; }
}
