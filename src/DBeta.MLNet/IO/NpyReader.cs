using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DBeta.MLNet;

/// <summary>
/// Reads a NumPy <c>.npy</c> file (format versions 1.0, 2.0, 3.0) of little-endian float32 or float64 in C order,
/// row by row along the first axis, without loading the whole file. Fortran order, big-endian data and other
/// element types are rejected with the caller's exception (<see cref="FileProblem"/>) saying what to do; so is a file
/// shorter than its header claims.
/// </summary>
/// <remarks>Reads use positional file access, so one reader may serve several threads at once.</remarks>
internal sealed class NpyReader : IDisposable
{
    private readonly FileProblem _problem;
    private readonly SafeFileHandle _handle;
    private readonly long _dataOffset;

    private NpyReader(string path, FileProblem problem, SafeFileHandle handle, NpyHeader header, NpyDataType dataType, long rowLength)
    {
        Path = path;
        _problem = problem;
        _handle = handle;
        _dataOffset = header.DataOffset;
        Shape = header.Shape;
        DataType = dataType;
        RowLength = rowLength;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The array's shape as the header states it.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The element type in the file; values are always returned as float32.</summary>
    public NpyDataType DataType { get; }

    /// <summary>Rows along the first axis (1 for a 0-dimensional array).</summary>
    public long RowCount => Shape.Count == 0 ? 1 : Shape[0];

    /// <summary>Elements per row: the product of all dimensions after the first.</summary>
    public long RowLength { get; }

    /// <summary>Opens <paramref name="path"/> and checks its header against the file's length.</summary>
    /// <param name="path">The .npy file.</param>
    /// <param name="problem">Makes the exception for an unreadable file: the caller knows what the file was meant to hold. Default: <see cref="InvalidDataException"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static NpyReader Open(string path, FileProblem? problem = null)
    {
        problem ??= static (file, what) => new InvalidDataException($"{file}: {what}");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            NpyHeader header = NpyHeader.Read(handle, path, problem);
            NpyDataType type = ParseDescr(header.Descr, path, problem);
            if (header.FortranOrder)
                throw problem(path, "the array is stored in Fortran order; save it in C order (numpy.ascontiguousarray) and try again");

            long rowLength = 1;
            long total = header.Shape.Length == 0 ? 1 : header.Shape[0];
            int itemSize = type == NpyDataType.Float32 ? 4 : 8;
            try
            {
                for (int i = 1; i < header.Shape.Length; i++) rowLength = checked(rowLength * header.Shape[i]);
                total = checked(total * rowLength * itemSize);
            }
            catch (OverflowException)
            {
                throw problem(path, $"the header's shape {ShapeText(header.Shape)} is too large");
            }
            long available = RandomAccess.GetLength(handle) - header.DataOffset;
            if (available < total)
                throw problem(path,
                    $"the header claims shape {ShapeText(header.Shape)} of {Descr(type)} ({total} bytes) but the file holds only {available} bytes of data");
            var reader = new NpyReader(path, problem, handle, header, type, rowLength);
            handle = null!;
            return reader;
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>
    /// Reads <paramref name="rowCount"/> rows from <paramref name="firstRow"/> into <paramref name="destination"/>
    /// (<c>rowCount * RowLength</c> floats, C order), converting float64 to float32.
    /// </summary>
    public void ReadRows(long firstRow, int rowCount, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (firstRow + rowCount > RowCount)
            throw new ArgumentOutOfRangeException(nameof(rowCount), $"rows {firstRow}..{firstRow + rowCount - 1} are outside the {RowCount} rows of {Path}");
        long count = rowCount * RowLength;
        if (destination.Length < count)
            throw new ArgumentException($"destination holds {destination.Length} floats, {count} needed", nameof(destination));
        destination = destination[..checked((int)count)];

        if (DataType == NpyDataType.Float32)
        {
            ReadExactly(_dataOffset + firstRow * RowLength * 4, MemoryMarshal.AsBytes(destination));
            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<float, int>(destination);
                BinaryPrimitives.ReverseEndianness(ints, ints);
            }
            return;
        }

        // float64: convert through a pooled buffer of bounded size.
        const int Chunk = 1 << 16;
        double[] buffer = ArrayPool<double>.Shared.Rent((int)Math.Min(Chunk, Math.Max(count, 1)));
        try
        {
            long offset = _dataOffset + firstRow * RowLength * 8;
            for (int done = 0; done < destination.Length;)
            {
                int n = Math.Min(buffer.Length, destination.Length - done);
                var chunk = buffer.AsSpan(0, n);
                ReadExactly(offset + (long)done * 8, MemoryMarshal.AsBytes(chunk));
                if (!BitConverter.IsLittleEndian)
                {
                    var longs = MemoryMarshal.Cast<double, long>(chunk);
                    BinaryPrimitives.ReverseEndianness(longs, longs);
                }
                for (int i = 0; i < n; i++) destination[done + i] = (float)chunk[i];
                done += n;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the whole array (C order) as float32.</summary>
    /// <exception cref="Exception">The caller's file-problem exception: the array has more elements than one .NET array can hold.</exception>
    public float[] ReadAll()
    {
        long count = RowCount * RowLength;
        if (count > Array.MaxLength)
            throw _problem(Path, $"the array has {count} elements, more than fit in memory at once; read it row by row");
        var data = new float[count];
        ReadRows(0, (int)RowCount, data);
        return data;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();

    internal static string ShapeText(IReadOnlyList<long> shape) => "(" + string.Join(", ", shape) + ")";

    private void ReadExactly(long offset, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            int n = RandomAccess.Read(_handle, buffer, offset);
            if (n == 0) throw _problem(Path, $"the file ends early at byte {offset}");
            buffer = buffer[n..];
            offset += n;
        }
    }

    private static string Descr(NpyDataType type) => type == NpyDataType.Float32 ? "float32" : "float64";

    private static NpyDataType ParseDescr(string descr, string path, FileProblem problem)
    {
        switch (descr)
        {
            case "<f4": return NpyDataType.Float32;
            case "<f8": return NpyDataType.Float64;
            case ">f4" or ">f8":
                throw problem(path, $"dtype '{descr}' is big-endian; convert it with array.astype('{descr.Replace('>', '<')}') and save again");
            default:
                throw problem(path, $"dtype '{descr}' is not supported; expected float32 ('<f4') or float64 ('<f8')");
        }
    }
}
