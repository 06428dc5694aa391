// Usage: DBeta.ModelHost <model.zip> <input.f32> <output-folder> <column>...
// Loads the model with mlContext.Model.Load, reads rows of the model's one input column (a Single vector) from a raw
// little-endian float32 file, transforms them, and writes each named output column to <output-folder>/<column>.f32.
// Prints the loaded transformers' types and the slot names of vector outputs, for the test to check.
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: DBeta.ModelHost <model.zip> <input.f32> <output-folder> <column>...");
    return 2;
}
var ml = new MLContext(seed: 0);
var model = ml.Model.Load(args[0], out var inputSchema);
foreach (var transformer in model as IEnumerable<ITransformer> ?? [model])
    Console.WriteLine($"transformer: {transformer.GetType().FullName}");

if (inputSchema.Count != 1 || inputSchema[0].Type is not VectorDataViewType { ItemType: NumberDataViewType item, Size: > 0 } vector || item != NumberDataViewType.Single)
{
    Console.Error.WriteLine($"expected one Single vector input column, the model's input schema is: {string.Join(", ", inputSchema.Select(c => $"{c.Name} {c.Type}"))}");
    return 2;
}
float[] values = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(args[1])).ToArray();
var rows = values.Chunk(vector.Size).Select(chunk => new InputRow { Values = chunk }).ToArray();
var definition = SchemaDefinition.Create(typeof(InputRow));
definition[0].ColumnName = inputSchema[0].Name;
definition[0].ColumnType = inputSchema[0].Type;
var output = model.Transform(ml.Data.LoadFromEnumerable(rows, definition));

Directory.CreateDirectory(args[2]);
foreach (string name in args[3..])
{
    var column = output.Schema[name];
    if (column.HasSlotNames())
    {
        VBuffer<ReadOnlyMemory<char>> slots = default;
        column.GetSlotNames(ref slots);
        Console.WriteLine($"slots {name}: {string.Join(",", slots.DenseValues())}");
    }
    Console.WriteLine($"column {name}: {column.Type}");
    var written = new List<float>();
    using var cursor = output.GetRowCursor([column]);
    if (column.Type is VectorDataViewType)
    {
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            written.AddRange(value.DenseValues());
        }
    }
    else
    {
        var getter = cursor.GetGetter<float>(column);
        float value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            written.Add(value);
        }
    }
    File.WriteAllBytes(Path.Combine(args[2], name + ".f32"), MemoryMarshal.AsBytes(written.ToArray().AsSpan()).ToArray());
}
(model as IDisposable)?.Dispose();
return 0;

internal sealed class InputRow
{
    public float[] Values { get; set; } = [];
}
