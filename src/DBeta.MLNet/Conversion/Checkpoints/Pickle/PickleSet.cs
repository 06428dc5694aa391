namespace DBeta.MLNet;

/// <summary>A Python <c>set</c> or <c>frozenset</c> as data, items in the order the pickle gave them.</summary>
internal sealed class PickleSet
{
    /// <summary>The items.</summary>
    public List<object?> Items { get; } = [];

    /// <summary>True for a <c>frozenset</c>.</summary>
    public bool IsFrozen { get; }

    public PickleSet(bool isFrozen) => IsFrozen = isFrozen;
}
