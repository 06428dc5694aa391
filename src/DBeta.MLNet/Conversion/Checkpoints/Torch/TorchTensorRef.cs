namespace DBeta.MLNet;

/// <summary>A tensor as a torch pickle describes it: a view (offset, sizes, strides) of a storage, in an element type.</summary>
internal sealed record TorchTensorRef(TorchStorageRef Storage, ElementType ElementType, TensorLayout Layout, bool IsParameter);
