using System.Text.Json.Nodes;

namespace DBeta.MLNet;

/// <summary>
/// Reads the tensors of a PyTorch checkpoint (<c>torch.save</c>, zip format, torch 1.6 and later) without running
/// Python or any code from the file: the pickle is interpreted as data against an allow-list of torch reconstructors,
/// every other object (argparse, omegaconf, numpy, <c>os.system</c>...) is kept as an inert name.
/// </summary>
/// <remarks>
/// The state dict is the value under <c>"model"</c> (fairseq, D-BETA) or <c>"state_dict"</c> (Lightning) when the
/// top level has one, else the top-level dict itself. Only storages that state-dict tensors use are read, each once.
/// Tensors of every dtype torch stores for weights are converted to float32 (float16/bfloat16 exactly).
/// </remarks>
internal static class TorchCheckpointReader
{
    /// <summary>The <see cref="StateDict.Format"/> of checkpoints read here.</summary>
    public const string FormatName = "pytorch-zip";

    /// <summary>Top-level keys that hold the state dict in a training checkpoint, in order of preference.</summary>
    private static readonly string[] StateDictKeys = ["model", "state_dict"];

    /// <summary>
    /// Most float32 values the tensors may expand to per byte of the file: views sharing a storage and stride-0
    /// expansions repeat values, but a real checkpoint stays far below this, and a hostile one cannot ask for gigabytes.
    /// </summary>
    public const int MaxValuesPerFileByte = 4;

    /// <summary>Reads every state-dict tensor of <paramref name="path"/>, converted to float32.</summary>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static StateDict Read(string path)
    {
        using var archive = TorchArchive.Open(path);
        var (tensors, skipped) = Plan(path, archive);
        var result = new Dictionary<string, WeightTensor>(tensors.Count, StringComparer.Ordinal);
        foreach (var t in tensors) result[t.Name] = null!; // keeps the file's order

        // Read each storage once, for all the tensors that view it.
        foreach (var group in tensors.GroupBy(t => t.Tensor.Storage.Key))
        {
            byte[] storage = archive.ReadStorage(group.Key);
            foreach (var t in group)
            {
                // The directory said how long the record is; what was read must agree before it is indexed.
                CheckTensor(path, t.Name, t.Tensor, storage.LongLength);
                float[] data = t.Tensor.Layout.Gather(t.Tensor.ElementType, storage);
                result[t.Name] = new WeightTensor(t.Name, t.Shape, data, t.Tensor.ElementType.Name);
            }
        }
        return new StateDict(path, FormatName, result, skipped);
    }

    /// <summary>Lists the state-dict tensors of <paramref name="path"/> (names, shapes, dtypes) without reading their values.</summary>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CheckpointSummary Describe(string path)
    {
        using var archive = TorchArchive.Open(path);
        var (tensors, skipped) = Plan(path, archive);
        return new CheckpointSummary(path, FormatName, tensors.Select(t => new TensorInfo(t.Name, t.Shape, t.Tensor.ElementType.Name)).ToList(), skipped);
    }

    private sealed record PlannedTensor(string Name, TorchTensorRef Tensor, int[] Shape);

    /// <summary>Finds the state dict and checks every tensor against its storage record's size, before any storage is read.</summary>
    private static (List<PlannedTensor> Tensors, List<string> Skipped) Plan(string path, TorchArchive archive)
    {
        var (found, skipped) = Locate(path, archive);
        var planned = new List<PlannedTensor>(found.Count);
        long values = 0;
        foreach (var (name, tensor) in found)
        {
            int[] shape = CheckTensor(path, name, tensor, archive.StorageLength(tensor.Storage.Key));
            planned.Add(new PlannedTensor(name, tensor, shape));
            values += tensor.Layout.ElementCount;
        }
        long limit = MaxValuesPerFileByte * archive.FileLength + (1 << 20);
        if (values > limit)
            throw new ModelFormatException(path, $"its tensors would expand {archive.FileLength} bytes into {values} values, " +
                                                 $"more than {MaxValuesPerFileByte} per byte (stride-0 or repeated views?)");
        return (planned, skipped);
    }

    /// <summary>
    /// The checkpoint's other top-level entries as JSON, read from <c>data.pkl</c> alone: <c>args</c>, <c>cfg</c>,
    /// <c>epoch</c>, <c>extra_state</c>... (everything but the state dict; for a bare state dict, its non-tensor values).
    /// Dicts become objects, lists and tuples arrays, numpy scalars numbers; tensors read as
    /// <c>{"__tensor__": dtype, "shape": [...]}</c> and any other Python object as
    /// <c>{"__class__": "module.name", "args": [...], "state": {...}}</c> (an <c>argparse.Namespace</c>'s fields are its
    /// <c>state</c>). Nothing in the file is executed.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static JsonObject ReadMetadata(string path)
    {
        using var archive = TorchArchive.Open(path);
        var top = Unpickle(path, archive);
        var (_, stateKey) = FindStateDict(path, top);
        var result = new JsonObject();
        foreach (var item in top.Items)
        {
            string key = PickleJson.KeyText(item.Key);
            if (key == stateKey || (stateKey is null && item.Value is TorchTensorRef)) continue;
            result[key] = PickleJson.Convert(item.Value, path, key);
        }
        return result;
    }

    private static PickleDict Unpickle(string path, TorchArchive archive)
    {
        object? root = Unpickler.Load(path, archive.ReadPickle(), new TorchReconstructors(), archive.Prefix + "data.pkl");
        return root as PickleDict ?? throw new ModelFormatException(path, root is PickleObject obj
            ? $"holds a pickled {obj.TypeName} object, not a dict of tensors; save model.state_dict() instead of the model"
            : $"holds {Unpickler.Describe(root)}, not a dict of tensors");
    }

    /// <summary>The state dict: the value under one of <see cref="StateDictKeys"/>, else the top level (key null).</summary>
    private static (PickleDict StateDict, string? Key) FindStateDict(string path, PickleDict top)
    {
        foreach (string key in StateDictKeys)
        {
            if (!top.TryGetValue(key, out object? value)) continue;
            return value as PickleDict is { } inner ? (inner, key) : throw new ModelFormatException(path, value is PickleObject obj
                ? $"'{key}' holds a pickled {obj.TypeName} object, not a state dict; save model.state_dict() instead of the model"
                : $"'{key}' holds {Unpickler.Describe(value)}, not a state dict");
        }
        return (top, null);
    }

    /// <summary>Unpickles <c>data.pkl</c> and picks the state dict's tensors; non-tensor keys are returned as skipped.</summary>
    private static (List<(string Name, TorchTensorRef Tensor)> Tensors, List<string> Skipped) Locate(string path, TorchArchive archive)
    {
        var top = Unpickle(path, archive);
        var (stateDict, stateKey) = FindStateDict(path, top);
        var skipped = new List<string>();
        if (stateKey is not null)
            foreach (var item in top.Items)
                if (!(item.Key is string k && k == stateKey)) skipped.Add(PickleJson.KeyText(item.Key));

        var tensors = new List<(string, TorchTensorRef)>();
        foreach (var item in stateDict.Items)
        {
            if (item.Value is TorchTensorRef tensor && item.Key is string name) tensors.Add((name, tensor));
            else skipped.Add(PickleJson.KeyText(item.Key));
        }
        if (tensors.Count == 0)
            throw new ModelFormatException(path, "holds no tensors in its state dict (keys: " +
                                                 string.Join(", ", top.Items.Take(20).Select(i => PickleJson.KeyText(i.Key))) + ")");
        return (tensors, skipped);
    }

    /// <summary>Checks a tensor's dtype and extent against its storage's real length; returns its shape.</summary>
    private static int[] CheckTensor(string path, string name, TorchTensorRef tensor, long storageBytes)
    {
        var storage = tensor.Storage;
        if (!tensor.ElementType.IsSupported)
            throw new ModelFormatException(path, $"tensor '{name}' has element type {tensor.ElementType.Name}, which has no float32 conversion");
        long claimedBytes = storage.ElementCount > long.MaxValue / storage.ElementType.Size ? long.MaxValue : storage.ElementCount * storage.ElementType.Size;
        if (claimedBytes > storageBytes)
            throw new ModelFormatException(path, $"storage '{storage.Key}' claims {storage.ElementCount} {storage.ElementType.Name} elements " +
                                                 $"({claimedBytes} bytes), but its record holds only {storageBytes} bytes (truncated?)");
        string? problem = tensor.Layout.Check(claimedBytes / tensor.ElementType.Size, out int[] shape);
        if (problem is not null)
            throw new ModelFormatException(path, $"tensor '{name}' {problem}");
        return shape;
    }
}
