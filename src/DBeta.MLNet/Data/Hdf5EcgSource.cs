using System.Buffers.Binary;
using System.Globalization;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace DBeta.MLNet;

/// <summary>
/// ECGs from an HDF5 file in the CODE / CODE-15 layout: dataset <c>tracings</c> <c>[N, T, 12]</c> (float32, or
/// float64 converted), time-major as CODE stores it, and an optional <c>exam_id</c> <c>[N]</c> for the ids.
/// Records are read in blocks with hyperslab selections (never the whole file); contiguous, chunked and
/// gzip/shuffle-compressed datasets work. The shape and types are checked when the file is opened.
/// </summary>
/// <remarks>Not thread-safe: open one source per thread.</remarks>
internal sealed class Hdf5EcgSource : EcgSource
{
    // Deflate cannot compress better than about 1032:1, so a chunked dataset claiming more is corrupt.
    private const long MaxCompressionRatio = 1100;

    private readonly NativeFile _file;
    private readonly NativeDataset _tracings;
    private readonly bool _isDouble;
    private readonly string _datasetName;
    private readonly string[]? _ids;
    private float[] _timeMajor = [];
    private double[] _doubles = [];

    /// <summary>Opens <paramref name="path"/> and checks the layout.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">The file is not HDF5, or its datasets do not have the CODE layout.</exception>
    public Hdf5EcgSource(string path, Hdf5EcgLoaderOptions? options = null) : base(path)
    {
        options ??= new Hdf5EcgLoaderOptions();
        if (!(options.SampleRate > 0)) throw new ArgumentOutOfRangeException(nameof(options), "SampleRate must be positive");
        if (!File.Exists(path)) throw new FileNotFoundException($"HDF5 file not found: {path}", path);
        SampleRate = options.SampleRate;
        _datasetName = options.TracingsDataset;

        // PureHDF reads a contiguous hyperslab in runs of 12 values; a seek-preserving buffer makes that ~5x faster.
        var stream = new BufferedStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0), 1 << 20);
        try
        {
            CheckRootGroupHeap(path, stream);
            stream.Position = 0;
            _file = H5File.Open(stream, leaveOpen: false);
        }
        catch (Exception e)
        {
            stream.Dispose();
            if (e is EcgDataException) throw;
            throw new EcgDataException(path, $"cannot open as HDF5: {e.Message}", inner: e);
        }

        try
        {
            _tracings = OpenTracings(path, options.TracingsDataset, out _isDouble, out int count, out int sampleCount);
            Count = count;
            SampleCount = sampleCount;
            _ids = ReadIds(path, options.IdDataset, count);
            if (count > 0) ProbeRead();
        }
        catch (Exception e) when (e is not EcgDataException)
        {
            // PureHDF reports damaged metadata with assorted exception types (EndOfStream, Format, NotSupported, Exception),
            // and allocates a block's claimed size before reading it, so a lie it cannot hold fails as an OutOfMemoryException.
            _file.Dispose();
            throw new EcgDataException(path, $"cannot read the HDF5 structure (truncated or corrupt file?): {e.Message}", inner: e);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override int Count { get; }

    /// <inheritdoc/>
    public override double SampleRate { get; }

    /// <inheritdoc/>
    public override int SampleCount { get; }

    /// <summary>Whether the ids come from an id dataset (else they are row indices).</summary>
    public bool HasIds => _ids is not null;

    /// <inheritdoc/>
    public override string GetId(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _ids?[index] ?? index.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    protected override void ReadRecords(int start, int count, Span<float> destination)
    {
        int length = SampleCount * DBetaConfig.LeadCount;
        int total = count * length;
        if (_timeMajor.Length < total) _timeMajor = new float[total];
        var selection = new HyperslabSelection(3, [(ulong)start, 0, 0], [(ulong)count, (ulong)SampleCount, DBetaConfig.LeadCount]);
        try
        {
            if (_isDouble)
            {
                if (_doubles.Length < total) _doubles = new double[total];
                _tracings.Read<double>(_doubles.AsSpan(0, total), fileSelection: selection, memoryDims: [(ulong)total]);
                for (int i = 0; i < total; i++) _timeMajor[i] = (float)_doubles[i];
            }
            else
            {
                _tracings.Read<float>(_timeMajor.AsSpan(0, total), fileSelection: selection, memoryDims: [(ulong)total]);
            }
        }
        catch (Exception e) when (e is not EcgDataException)
        {
            throw new EcgDataException(Path, $"cannot read rows {start}..{start + count - 1} of dataset '{_datasetName}': {e.Message}", inner: e);
        }

        TimeMajorToLeadMajor(_timeMajor, destination, count, SampleCount);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _file.Dispose();
    }

    private NativeDataset OpenTracings(string path, string name, out bool isDouble, out int count, out int sampleCount)
    {
        if (!_file.LinkExists(name))
            throw new EcgDataException(path, $"has no dataset '{name}' (found: {ListChildren()}); expected CODE's 'tracings' [N, T, 12]");
        if (_file.Get(name) is not NativeDataset ds)
            throw new EcgDataException(path, $"'{name}' is not a dataset [N, T, 12] (a group, or a link to another file)");

        ulong[] dims = ds.Space.Dimensions;
        if (dims.Length != 3)
            throw new EcgDataException(path, $"dataset '{name}' has rank {dims.Length}, expected [N, T, 12]");
        if (dims[2] != DBetaConfig.LeadCount)
            throw new EcgDataException(path, $"dataset '{name}' has shape [{string.Join(", ", dims)}]: the last dimension must be the 12 leads ([N, T, 12])");
        if (ds.Type.Class != H5DataTypeClass.FloatingPoint || ds.Type.Size is not (4 or 8))
            throw new EcgDataException(path, $"dataset '{name}' holds {TypeName(ds.Type)}, expected float32 (or float64)");
        if (dims[0] > int.MaxValue || dims[1] * DBetaConfig.LeadCount > (ulong)Array.MaxLength / 64)
            throw new EcgDataException(path, $"dataset '{name}' has shape [{string.Join(", ", dims)}], too large to read record by record");

        isDouble = ds.Type.Size == 8;
        count = (int)dims[0];
        sampleCount = (int)dims[1];
        long fileLength = new FileInfo(path).Length;
        long recordBytes = sampleCount * DBetaConfig.LeadCount * (long)ds.Type.Size;
        long minimumBytes = ds.Layout.Class switch
        {
            H5DataLayoutClass.Contiguous or H5DataLayoutClass.Compact => recordBytes * count,
            H5DataLayoutClass.Chunked => MinimumChunkedBytes(path, name, dims, ds.Layout.Chunks.Select(c => (ulong)c).ToArray(), ds.Type.Size),
            // A virtual dataset reads other files named inside this one; a data file must not send the reader elsewhere.
            _ => throw new EcgDataException(path, $"dataset '{name}' is a virtual dataset (data in other files), which is not supported; store the tracings in the file itself"),
        };
        if (minimumBytes > fileLength)
            throw new EcgDataException(path, $"dataset '{name}' claims shape [{string.Join(", ", dims)}] but the file holds only {fileLength} bytes; it is truncated or corrupt");
        return ds;
    }

    /// <summary>
    /// The fewest bytes a file can hold a fully stored chunked dataset in: every chunk costs an index entry and, compressed,
    /// at least 1/<see cref="MaxCompressionRatio"/> of its size. A file claiming more is corrupt (or so sparse that reading it
    /// would only produce fill values), and its claimed size must not drive allocations.
    /// </summary>
    private static long MinimumChunkedBytes(string path, string name, ulong[] dims, ulong[] chunk, long elementSize)
    {
        const long ChunkIndexEntryBytes = 32;
        if (chunk.Length < dims.Length || chunk.Take(dims.Length).Any(c => c == 0))
            throw new EcgDataException(path, $"dataset '{name}' has chunk dimensions [{string.Join(", ", chunk)}] that do not fit its shape [{string.Join(", ", dims)}]");
        double chunks = 1, chunkBytes = elementSize;
        for (int i = 0; i < dims.Length; i++)
        {
            chunks *= Math.Ceiling((double)dims[i] / chunk[i]);
            chunkBytes *= chunk[i];
        }
        double minimum = chunks * (ChunkIndexEntryBytes + chunkBytes / MaxCompressionRatio);
        return minimum >= long.MaxValue ? long.MaxValue : (long)minimum;
    }

    /// <summary>
    /// Checks the root group's local heap, where h5py's default format keeps the dataset names, against the file's length:
    /// PureHDF 2.2 allocates the heap's claimed size (up to 2 GiB) before reading it. Other layouts are left to PureHDF.
    /// </summary>
    private static void CheckRootGroupHeap(string path, Stream stream)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1a, (byte)'\n'];
        Span<byte> superblock = stackalloc byte[100];
        if (stream.ReadAtLeast(superblock, superblock.Length, throwOnEndOfStream: false) < superblock.Length) return;
        // Superblock version 0 or 1 with 8-byte offsets and lengths; version 1 has 4 more bytes before the addresses.
        if (!superblock.StartsWith(signature) || superblock[8] > 1 || superblock[13] != 8 || superblock[14] != 8) return;
        int addresses = superblock[8] == 0 ? 24 : 28;
        ulong baseAddress = BinaryPrimitives.ReadUInt64LittleEndian(superblock[addresses..]);
        // Root symbol table entry after the four addresses: name offset, header address, cache type, reserved, B-tree and heap addresses.
        int entry = addresses + 32;
        if (BinaryPrimitives.ReadUInt32LittleEndian(superblock[(entry + 16)..]) != 1) return;
        ulong heapAddress = BinaryPrimitives.ReadUInt64LittleEndian(superblock[(entry + 32)..]);

        ulong length = (ulong)stream.Length;
        if (baseAddress >= length || heapAddress >= length - baseAddress) return; // PureHDF reports a heap outside the file
        Span<byte> heap = stackalloc byte[32];
        stream.Position = (long)(baseAddress + heapAddress);
        if (stream.ReadAtLeast(heap, heap.Length, throwOnEndOfStream: false) < heap.Length || !heap.StartsWith("HEAP"u8)) return;
        // Heap header: signature, version, 3 reserved bytes, data segment size, free list offset, data segment address.
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(heap[8..]);
        ulong dataAddress = BinaryPrimitives.ReadUInt64LittleEndian(heap[24..]);
        if (size > length || dataAddress > length || baseAddress + dataAddress > length - size)
            throw new EcgDataException(path, $"the root group's name heap claims {size} bytes at {dataAddress}, but the file holds only {length} bytes; it is truncated or corrupt");
    }

    private string[]? ReadIds(string path, string? requested, int count)
    {
        string name = requested ?? "exam_id";
        if (!_file.LinkExists(name))
        {
            if (requested is null) return null;
            throw new EcgDataException(path, $"has no id dataset '{name}' (found: {ListChildren()})");
        }
        if (_file.Get(name) is not NativeDataset ds)
            throw new EcgDataException(path, $"id dataset '{name}' is not a dataset [N] (a group, or a link to another file)");
        ulong[] dims = ds.Space.Dimensions;
        if (dims.Length != 1)
            throw new EcgDataException(path, $"id dataset '{name}' has rank {dims.Length}, expected [N]");
        if (dims[0] != (ulong)count)
            throw new EcgDataException(path, $"id dataset '{name}' has {dims[0]} entries but '{_datasetName}' has {count} rows");
        try
        {
            var type = ds.Type;
            return type.Class switch
            {
                H5DataTypeClass.FixedPoint => (type.Size, type.FixedPoint.IsSigned) switch
                {
                    (8, true) => Format(ds.Read<long[]>()),
                    (8, false) => Format(ds.Read<ulong[]>()),
                    (4, true) => Format(ds.Read<int[]>()),
                    (4, false) => Format(ds.Read<uint[]>()),
                    (2, true) => Format(ds.Read<short[]>()),
                    (2, false) => Format(ds.Read<ushort[]>()),
                    (1, true) => Format(ds.Read<sbyte[]>()),
                    _ => Format(ds.Read<byte[]>()),
                },
                H5DataTypeClass.String or H5DataTypeClass.VariableLength => ds.Read<string[]>(),
                _ => throw new EcgDataException(path, $"id dataset '{name}' holds {TypeName(type)}, expected integers or strings"),
            };
        }
        catch (Exception e) when (e is not EcgDataException)
        {
            throw new EcgDataException(path, $"cannot read id dataset '{name}': {e.Message}", inner: e);
        }
    }

    private void ProbeRead()
    {
        // One row's first sample: surfaces unsupported byte orders or filters now rather than mid-way through a pass.
        try
        {
            var selection = new HyperslabSelection(3, [0, 0, 0], [1, 1, DBetaConfig.LeadCount]);
            if (_isDouble) _tracings.Read<double>(new double[DBetaConfig.LeadCount], fileSelection: selection, memoryDims: [DBetaConfig.LeadCount]);
            else _tracings.Read<float>(new float[DBetaConfig.LeadCount], fileSelection: selection, memoryDims: [DBetaConfig.LeadCount]);
        }
        catch (Exception e)
        {
            // PureHDF 2.2 reads only little-endian numbers; say so in words a user can act on.
            string problem = e.Message.Contains("Byte order", StringComparison.OrdinalIgnoreCase)
                ? $"cannot read dataset '{_datasetName}': it is stored big-endian; rewrite it little-endian (h5py: data.astype('<f4'))"
                : $"cannot read dataset '{_datasetName}': {e.Message}";
            throw new EcgDataException(Path, problem, inner: e);
        }
    }

    private string ListChildren()
    {
        try
        {
            var names = _file.Children().Select(c => c.Name).ToList();
            return names.Count == 0 ? "nothing" : string.Join(", ", names.Select(n => $"'{n}'"));
        }
        catch (Exception)
        {
            return "unreadable root group";
        }
    }

    private static string TypeName(IH5DataType type) => type.Class switch
    {
        H5DataTypeClass.FixedPoint => $"{(type.FixedPoint.IsSigned ? "int" : "uint")}{type.Size * 8}",
        H5DataTypeClass.FloatingPoint => $"float{type.Size * 8}",
        _ => $"{type.Class} values of {type.Size} bytes",
    };

    private static string[] Format<T>(T[] values) where T : IFormattable =>
        Array.ConvertAll(values, v => v.ToString(null, CultureInfo.InvariantCulture));
}
