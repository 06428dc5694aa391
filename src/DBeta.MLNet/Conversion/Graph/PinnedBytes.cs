using System.Buffers;
using System.Runtime.InteropServices;

namespace DBeta.MLNet;

/// <summary>
/// The bytes of an unmanaged-element array as <see cref="Memory{T}"/> without copying, so a multi-hundred-megabyte model's
/// weights are not held twice while protobuf streams them out (little-endian hosts only; the data is not copied).
/// </summary>
internal sealed class PinnedBytes<T> : MemoryManager<byte> where T : unmanaged
{
    private readonly T[] _array;

    public PinnedBytes(T[] array) => _array = array;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(_array.AsSpan());

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        var handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        unsafe
        {
            return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle);
        }
    }

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}
