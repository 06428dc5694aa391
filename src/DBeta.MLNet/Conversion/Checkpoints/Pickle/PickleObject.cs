namespace DBeta.MLNet;

/// <summary>
/// An inert stand-in for an object a pickle would build by calling something not on the allow-list
/// (<c>argparse.Namespace</c>, <c>numpy.dtype</c>, <c>os.system</c>...): it records the callable's name and the
/// data-only arguments, state and items the pickle gave it. Nothing is ever called.
/// </summary>
internal sealed class PickleObject
{
    /// <summary>What would have been called, e.g. <c>argparse.Namespace</c> or <c>posix.system</c>.</summary>
    public string TypeName { get; }

    /// <summary>The positional arguments, as data.</summary>
    public object?[] Args { get; }

    /// <summary>The keyword arguments of NEWOBJ_EX, or null.</summary>
    public object? KeywordArgs { get; init; }

    /// <summary>The state BUILD would have applied (usually the attribute dict), or null.</summary>
    public object? State { get; set; }

    /// <summary>Items APPEND/APPENDS/ADDITEMS would have added.</summary>
    public List<object?> ListItems { get; } = [];

    /// <summary>Items SETITEM/SETITEMS would have set.</summary>
    public List<KeyValuePair<object?, object?>> DictItems { get; } = [];

    public PickleObject(string typeName, object?[] args)
    {
        TypeName = typeName;
        Args = args;
    }

    /// <inheritdoc/>
    public override string ToString() => TypeName + "(...)";
}
