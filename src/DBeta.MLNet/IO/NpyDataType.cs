namespace DBeta.MLNet;

/// <summary>Element types of the <c>.npy</c> files <see cref="NpyReader"/> reads (little-endian, as numpy writes them on x86 and ARM).</summary>
internal enum NpyDataType
{
    /// <summary>32-bit float, numpy descr <c>&lt;f4</c>.</summary>
    Float32,

    /// <summary>64-bit float, numpy descr <c>&lt;f8</c> (converted to float32 when read).</summary>
    Float64,
}
