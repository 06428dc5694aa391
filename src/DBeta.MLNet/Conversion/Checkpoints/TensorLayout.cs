namespace DBeta.MLNet;

/// <summary>
/// Where a tensor's elements sit in its storage: offset, sizes and strides in elements, as torch records them.
/// Validates every claim against the storage before anything is read, then gathers the elements in row-major order.
/// </summary>
internal sealed class TensorLayout
{
    /// <summary>More dimensions than any real weight has; bounds the work a hostile file can ask for.</summary>
    public const int MaxRank = 64;

    /// <summary>Offset of the first element, in elements.</summary>
    public long Offset { get; }

    /// <summary>Sizes, outermost first.</summary>
    public long[] Sizes { get; }

    /// <summary>Strides in elements, one per size.</summary>
    public long[] Strides { get; }

    public TensorLayout(long offset, long[] sizes, long[] strides)
    {
        Offset = offset;
        Sizes = sizes;
        Strides = strides;
    }

    /// <summary>A contiguous row-major layout for <paramref name="sizes"/> starting at element 0.</summary>
    public static TensorLayout Contiguous(long[] sizes)
    {
        var strides = new long[sizes.Length];
        long s = 1;
        for (int i = sizes.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s = unchecked(s * Math.Max(sizes[i], 1));
        }
        return new TensorLayout(0, sizes, strides);
    }

    /// <summary>
    /// Null when the layout is valid for a storage of <paramref name="storageElements"/> elements and its element
    /// count fits a .NET array; otherwise what is wrong. Fills <paramref name="shape"/> on success.
    /// </summary>
    public string? Check(long storageElements, out int[] shape)
    {
        shape = [];
        if (Sizes.Length != Strides.Length)
            return $"has {Sizes.Length} sizes but {Strides.Length} strides";
        if (Sizes.Length > MaxRank)
            return $"has {Sizes.Length} dimensions, more than the {MaxRank} supported";
        if (Offset < 0)
            return $"has a negative storage offset {Offset}";
        var dims = new int[Sizes.Length];
        long count = 1;
        for (int i = 0; i < Sizes.Length; i++)
        {
            if (Sizes[i] < 0) return $"has a negative size {Sizes[i]}";
            if (Strides[i] < 0) return $"has a negative stride {Strides[i]}";
            if (Sizes[i] > Array.MaxLength) return $"has a dimension of {Sizes[i]} elements, too large for one array";
            dims[i] = (int)Sizes[i];
            count = count == 0 ? 0 : (Sizes[i] == 0 ? 0 : (count > Array.MaxLength / Sizes[i] ? -1 : count * Sizes[i]));
            if (count < 0) return $"has more than {Array.MaxLength} elements, too many for one array";
        }
        if (count > Array.MaxLength) return $"has {count} elements, too many for one array";
        if (count > 0)
        {
            // The last element sits at offset + sum((size - 1) * stride); it must lie inside the storage.
            // Int128 holds 64 terms of (2^31 * 2^63) without overflow.
            Int128 last = Offset;
            for (int i = 0; i < Sizes.Length; i++) last += (Int128)(Sizes[i] - 1) * Strides[i];
            if (last >= storageElements)
                return $"reaches element {last} of a storage holding {storageElements} elements (offset {Offset}, " +
                       $"size [{string.Join(", ", Sizes)}], stride [{string.Join(", ", Strides)}])";
        }
        else if (Offset > storageElements)
        {
            return $"starts at element {Offset} of a storage holding {storageElements} elements";
        }
        shape = dims;
        return null;
    }

    /// <summary>Element count; call only after <see cref="Check"/> succeeded.</summary>
    public int ElementCount
    {
        get
        {
            long count = 1;
            foreach (long s in Sizes) count *= s;
            return (int)count;
        }
    }

    /// <summary>
    /// The elements in row-major order, converted to float32. <paramref name="storage"/> holds the whole storage;
    /// call only after <see cref="Check"/> succeeded for its element count.
    /// </summary>
    public float[] Gather(ElementType type, ReadOnlySpan<byte> storage)
    {
        int count = ElementCount;
        var result = new float[count];
        if (count == 0) return result;
        int rank = Sizes.Length;
        int size = type.Size;

        // Fast path: the tensor is one contiguous run of the storage.
        if (IsContiguous())
        {
            type.Convert(storage.Slice(checked((int)(Offset * size)), count * size), result);
            return result;
        }

        // Walk every index but the last with an odometer; the innermost dimension is a strided run.
        int inner = (int)Sizes[rank - 1];
        long innerStride = Strides[rank - 1];
        var index = new long[rank - 1];
        Span<float> one = stackalloc float[1];
        int written = 0;
        long start = Offset;
        while (written < count)
        {
            if (innerStride == 1)
            {
                type.Convert(storage.Slice((int)(start * size), inner * size), result.AsSpan(written, inner));
            }
            else
            {
                for (int j = 0; j < inner; j++)
                {
                    type.Convert(storage.Slice((int)((start + j * innerStride) * size), size), one);
                    result[written + j] = one[0];
                }
            }
            written += inner;
            for (int d = rank - 2; d >= 0; d--)
            {
                index[d]++;
                start += Strides[d];
                if (index[d] < Sizes[d]) break;
                start -= index[d] * Strides[d];
                index[d] = 0;
            }
        }
        return result;
    }

    private bool IsContiguous()
    {
        long expected = 1;
        for (int i = Sizes.Length - 1; i >= 0; i--)
        {
            if (Sizes[i] != 1 && Strides[i] != expected) return false;
            expected *= Sizes[i];
        }
        return true;
    }
}
