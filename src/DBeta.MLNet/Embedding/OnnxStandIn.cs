using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;

namespace DBeta.MLNet;

/// <summary>
/// Saves a DBeta transformer as ML.NET's built-in <c>OnnxTransformer</c> over an equivalent ONNX model. A third-party
/// transformer cannot write its own state into a model zip (ModelSaveContext's members are internal), but it can hand
/// the context to a built-in transformer that does: the zip then holds the ONNX bytes and loads with no DBeta code.
/// </summary>
internal static class OnnxStandIn
{
    /// <summary>
    /// Writes an <c>OnnxTransformer</c> reading column <paramref name="inputColumn"/> (a vector of <paramref name="inputWidth"/>
    /// Singles, the shape it feeds the graph, saved in the zip) and adding <paramref name="outputColumn"/> from
    /// <paramref name="modelFile"/>, whose graph input and output carry those names.
    /// </summary>
    public static void Save(ModelSaveContext ctx, string modelFile, string inputColumn, int inputWidth, string outputColumn)
    {
        var ml = new MLContext();
        // The session exists only because OnnxTransformer opens one; the zip gets the file's bytes, names and shapes, so
        // skip graph optimization and weight pre-packing (time and a second copy of the weights for a 250 MB model).
        ml.SetOnnxSessionOption(new OnnxSessionOptions { CreateSessionOptions = CheapSessionOptions });
        var shapes = new Dictionary<string, int[]> { [inputColumn] = [inputWidth] };
        var inputType = new VectorDataViewType(NumberDataViewType.Single, inputWidth);
        using var transformer = ml.Transforms.ApplyOnnxModel([outputColumn], [inputColumn], modelFile, shapes, gpuDeviceId: null, fallbackToCpu: false, recursionLimit: 100).Fit(EmptyView(ml, inputColumn, inputType));
        ((ITransformer)transformer).Save(ctx);
    }

    private static SessionOptions CheapSessionOptions()
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.disable_prepacking", "1");
        return options;
    }

    private static IDataView EmptyView(MLContext ml, string column, DataViewType type)
    {
        var definition = SchemaDefinition.Create(typeof(VectorRow));
        definition[0].ColumnName = column;
        definition[0].ColumnType = type;
        return ml.Data.LoadFromEnumerable(Array.Empty<VectorRow>(), definition);
    }

    private sealed class VectorRow
    {
        public float[] Value { get; set; } = [];
    }
}
