namespace DBeta.MLNet;

/// <summary>
/// A reference to a Python global (<c>module.name</c>) as a pickle names it: only a name, never looked up or imported.
/// </summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    /// <summary><c>module.name</c>.</summary>
    public string FullName => Module + "." + Name;

    /// <inheritdoc/>
    public override string ToString() => FullName;
}
