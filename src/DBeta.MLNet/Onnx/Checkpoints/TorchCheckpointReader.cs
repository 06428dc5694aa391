using DBeta.MLNet.Onnx.Checkpoints.Pickle;
using DBeta.MLNet.Onnx.Checkpoints.Torch;

namespace DBeta.MLNet.Onnx.Checkpoints;

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
public static class TorchCheckpointReader
{
    /// <summary>The <see cref="StateDict.Format"/> of checkpoints read here.</summary>
    public const string FormatName = "pytorch-zip";

    /// <summary>Top-level keys that hold the state dict in a training checkpoint, in order of preference.</summary>
    private static readonly string[] StateDictKeys = ["model", "state_dict"];

    /// <summary>Reads every state-dict tensor of <paramref name="path"/>, converted to float32.</summary>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static StateDict Read(string path)
    {
        using var archive = TorchArchive.Open(path);
        var (tensors, skipped) = Locate(path, archive);
        var result = new Dictionary<string, WeightTensor>(tensors.Count, StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors) result[name] = null!; // keep the file's order

        // Read each storage once, for all the tensors that view it.
        foreach (var group in tensors.GroupBy(t => t.Tensor.Storage.Key))
        {
            byte[] storage = archive.ReadStorage(group.Key);
            foreach (var (name, tensor) in group)
            {
                int[] shape = CheckTensor(path, name, tensor, storage.LongLength);
                float[] data = tensor.Layout.Gather(tensor.ElementType, storage);
                result[name] = new WeightTensor(name, shape, data, tensor.ElementType.Name);
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
        var (tensors, skipped) = Locate(path, archive);
        var infos = new List<TensorInfo>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            int[] shape = CheckTensor(path, name, tensor, archive.StorageLength(tensor.Storage.Key));
            infos.Add(new TensorInfo(name, shape, tensor.ElementType.Name));
        }
        return new CheckpointSummary(path, FormatName, infos, skipped);
    }

    /// <summary>Unpickles <c>data.pkl</c> and picks the state dict's tensors; non-tensor keys are returned as skipped.</summary>
    private static (List<(string Name, TorchTensorRef Tensor)> Tensors, List<string> Skipped) Locate(string path, TorchArchive archive)
    {
        object? root = Unpickler.Load(path, archive.ReadPickle(), new TorchReconstructors(), archive.Prefix + "data.pkl");
        if (root is not PickleDict top)
            throw new ModelFormatException(path, root is PickleObject obj
                ? $"holds a pickled {obj.TypeName} object, not a dict of tensors; save model.state_dict() instead of the model"
                : $"holds {Unpickler.Describe(root)}, not a dict of tensors");

        var skipped = new List<string>();
        PickleDict stateDict = top;
        foreach (string key in StateDictKeys)
        {
            if (!top.TryGetValue(key, out object? value)) continue;
            if (value is not PickleDict inner)
                throw new ModelFormatException(path, value is PickleObject obj
                    ? $"'{key}' holds a pickled {obj.TypeName} object, not a state dict; save model.state_dict() instead of the model"
                    : $"'{key}' holds {Unpickler.Describe(value)}, not a state dict");
            stateDict = inner;
            foreach (var item in top.Items)
                if (!(item.Key is string k && k == key)) skipped.Add(KeyText(item.Key));
            break;
        }

        var tensors = new List<(string, TorchTensorRef)>();
        foreach (var item in stateDict.Items)
        {
            if (item.Value is TorchTensorRef tensor && item.Key is string name) tensors.Add((name, tensor));
            else skipped.Add(KeyText(item.Key));
        }
        if (tensors.Count == 0)
            throw new ModelFormatException(path, "holds no tensors in its state dict (keys: " +
                                                 string.Join(", ", top.Items.Take(20).Select(i => KeyText(i.Key))) + ")");
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

    private static string KeyText(object? key) => key as string ?? Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture) ?? "None";
}
