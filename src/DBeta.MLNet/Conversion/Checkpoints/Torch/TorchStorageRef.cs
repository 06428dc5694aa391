namespace DBeta.MLNet;

/// <summary>
/// A storage a torch pickle refers to by persistent id <c>('storage', type, key, location, numel)</c>: its bytes are
/// the archive record <c>data/&lt;key&gt;</c>, read only when a tensor of the state dict needs them.
/// </summary>
internal sealed record TorchStorageRef(string Key, ElementType ElementType, string Location, long ElementCount);
