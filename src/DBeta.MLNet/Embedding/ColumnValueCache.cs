using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Holds the values of one pass-through column for the rows of a batch: a batching cursor reads its source ahead,
/// so it must keep each row's values until the row's turn comes.
/// </summary>
internal abstract class ColumnValueCache
{
    /// <summary>Reads the source row's current value into <paramref name="slot"/>.</summary>
    public abstract void Capture(int slot);

    /// <summary>A getter that returns the value in the slot <paramref name="currentSlot"/> names at call time.</summary>
    public abstract Delegate CreateGetter(Func<int> currentSlot);

    public static ColumnValueCache Create(DataViewRow source, DataViewSchema.Column column, int capacity)
    {
        Type cacheType = column.Type is VectorDataViewType vector
            ? typeof(VectorValueCache<>).MakeGenericType(vector.ItemType.RawType)
            : column.Type.RawType == typeof(ReadOnlyMemory<char>)
                ? typeof(TextValueCache)
                : typeof(ScalarValueCache<>).MakeGenericType(column.Type.RawType);
        return (ColumnValueCache)Activator.CreateInstance(cacheType, source, column, capacity)!;
    }

    private sealed class ScalarValueCache<T>(DataViewRow source, DataViewSchema.Column column, int capacity) : ColumnValueCache
    {
        private readonly ValueGetter<T> _getter = source.GetGetter<T>(column);
        private readonly T[] _values = new T[capacity];

        public override void Capture(int slot) => _getter(ref _values[slot]);

        public override Delegate CreateGetter(Func<int> currentSlot) =>
            new ValueGetter<T>((ref T value) => value = _values[currentSlot()]);
    }

    private sealed class TextValueCache(DataViewRow source, DataViewSchema.Column column, int capacity) : ColumnValueCache
    {
        private readonly ValueGetter<ReadOnlyMemory<char>> _getter = source.GetGetter<ReadOnlyMemory<char>>(column);
        private readonly ReadOnlyMemory<char>[] _values = new ReadOnlyMemory<char>[capacity];

        // The source may reuse its character buffer on the next row, so keep a copy.
        public override void Capture(int slot)
        {
            ReadOnlyMemory<char> value = default;
            _getter(ref value);
            _values[slot] = value.ToArray();
        }

        public override Delegate CreateGetter(Func<int> currentSlot) =>
            new ValueGetter<ReadOnlyMemory<char>>((ref ReadOnlyMemory<char> value) => value = _values[currentSlot()]);
    }

    private sealed class VectorValueCache<TItem>(DataViewRow source, DataViewSchema.Column column, int capacity) : ColumnValueCache
    {
        private readonly ValueGetter<VBuffer<TItem>> _getter = source.GetGetter<VBuffer<TItem>>(column);
        private readonly VBuffer<TItem>[] _values = new VBuffer<TItem>[capacity];
        private VBuffer<TItem> _scratch;

        public override void Capture(int slot)
        {
            _getter(ref _scratch);
            _scratch.CopyTo(ref _values[slot]);
        }

        public override Delegate CreateGetter(Func<int> currentSlot) =>
            new ValueGetter<VBuffer<TItem>>((ref VBuffer<TItem> value) => _values[currentSlot()].CopyTo(ref value));
    }
}
