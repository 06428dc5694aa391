using System.Numerics;

namespace DBeta.MLNet;

/// <summary>
/// The allow-list of torch reconstructors a checkpoint pickle may use, interpreted as data: tensor and parameter
/// rebuilds, <c>torch.Size</c>, and storage persistent ids. Any other global stays an inert placeholder.
/// </summary>
internal sealed class TorchReconstructors : IPickleReconstructors
{
    /// <inheritdoc/>
    public bool TryReduce(PickleGlobal callable, object?[] args, out object? result)
    {
        result = null;
        switch (callable.Module, callable.Name)
        {
            case ("torch._utils", "_rebuild_tensor"):
                // (storage, storage_offset, size, stride)
                result = RebuildTensor(args, minArgs: 4, dtype: null);
                return true;
            case ("torch._utils", "_rebuild_tensor_v2"):
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                result = RebuildTensor(args, minArgs: 4, dtype: null);
                return true;
            case ("torch._utils", "_rebuild_tensor_v3"):
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks, dtype[, metadata])
                if (args.Length < 7 || args[6] is not PickleGlobal dtypeGlobal)
                    throw new InvalidDataException("expects a torch dtype as its 7th argument");
                var dtype = ElementType.FromTorchDType(dtypeGlobal.Module, dtypeGlobal.Name)
                            ?? throw new InvalidDataException($"{dtypeGlobal.FullName} is not a torch dtype");
                result = RebuildTensor(args, minArgs: 7, dtype);
                return true;
            case ("torch._utils", "_rebuild_parameter"):
            case ("torch._utils", "_rebuild_parameter_with_state"):
                // (data, requires_grad, backward_hooks[, state])
                if (args.Length < 1) throw new InvalidDataException("has no data argument");
                result = args[0] is TorchTensorRef tensor ? tensor with { IsParameter = true } : new PickleObject(callable.FullName, args);
                return true;
            case ("torch._tensor", "_rebuild_from_type_v2"):
                // (func, new_type, args, state): a tensor subclass; its data is what func(*args) rebuilds.
                // One level only: the inner rebuild must be a plain one, so hostile nesting cannot recurse.
                if (args.Length >= 3 && args[0] is PickleGlobal { Name: not "_rebuild_from_type_v2" } inner && args[2] is object?[] innerArgs
                    && TryReduce(inner, innerArgs, out object? rebuilt) && rebuilt is TorchTensorRef)
                {
                    result = rebuilt;
                    return true;
                }
                return false;
            case ("torch", "Size"):
                if (args.Length == 0) result = Array.Empty<object?>();
                else if (args is [object?[] dims]) result = dims;
                else if (args is [List<object?> list]) result = list.ToArray();
                else throw new InvalidDataException("expects one tuple of sizes");
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc/>
    public bool TryPersistentLoad(object? persistentId, out object? result)
    {
        result = null;
        if (persistentId is not object?[] { Length: 5 } pid || pid[0] is not "storage") return false;
        if (pid[1] is not PickleGlobal storageType)
            throw new InvalidDataException($"storage type is {Unpickler.Describe(pid[1])}, not a torch storage class");
        if (pid[2] is not string key) throw new InvalidDataException($"storage key is {Unpickler.Describe(pid[2])}, not a str");
        string location = pid[3] as string ?? "";
        if (pid[4] is not long numel || numel < 0)
            throw new InvalidDataException($"storage '{key}' has element count {Unpickler.Describe(pid[4])}, not a non-negative int");
        ElementType type;
        if ((storageType.Module is "torch" or "torch.storage") && storageType.Name == "UntypedStorage")
            type = ElementType.UInt8; // newer torch: raw bytes, the element type comes with the tensor (_rebuild_tensor_v3)
        else
            type = ElementType.FromTorchStorage(storageType.Module, storageType.Name)
                   ?? throw new InvalidDataException($"storage '{key}' has type {storageType.FullName}, not a torch storage class");
        result = new TorchStorageRef(key, type, location, numel);
        return true;
    }

    private static object RebuildTensor(object?[] args, int minArgs, ElementType? dtype)
    {
        if (args.Length < minArgs) throw new InvalidDataException($"has {args.Length} arguments, expected at least {minArgs}");
        if (args[0] is not TorchStorageRef storage)
            throw new InvalidDataException($"rebuilds a tensor from {Unpickler.Describe(args[0])}, not a storage");
        long offset = ToLong(args[1], "storage offset");
        long[] sizes = ToLongs(args[2], "size");
        long[] strides = ToLongs(args[3], "stride");
        if (sizes.Length != strides.Length)
            throw new InvalidDataException($"has {sizes.Length} sizes but {strides.Length} strides");
        // With an untyped storage (v3) the offset and strides count elements of dtype, not bytes.
        return new TorchTensorRef(storage, dtype ?? storage.ElementType, new TensorLayout(offset, sizes, strides), IsParameter: false);
    }

    private static long ToLong(object? value, string what) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        BigInteger => throw new InvalidDataException($"{what} is out of range"),
        _ => throw new InvalidDataException($"{what} is {Unpickler.Describe(value)}, not an int"),
    };

    private static long[] ToLongs(object? value, string what)
    {
        object?[] items = value switch
        {
            object?[] tuple => tuple,
            List<object?> list => list.ToArray(),
            _ => throw new InvalidDataException($"{what} is {Unpickler.Describe(value)}, not a tuple"),
        };
        if (items.Length > TensorLayout.MaxRank)
            throw new InvalidDataException($"{what} has {items.Length} dimensions, more than the {TensorLayout.MaxRank} supported");
        var result = new long[items.Length];
        for (int i = 0; i < items.Length; i++) result[i] = ToLong(items[i], what);
        return result;
    }
}
