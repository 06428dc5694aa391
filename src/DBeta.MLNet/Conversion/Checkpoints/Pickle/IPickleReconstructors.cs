namespace DBeta.MLNet;

/// <summary>
/// The allow-list an <see cref="Unpickler"/> consults: reconstructors it may interpret as data (never call).
/// Implementations throw <see cref="InvalidDataException"/> when an allowed reconstructor gets malformed arguments.
/// </summary>
internal interface IPickleReconstructors
{
    /// <summary>Interprets <c>callable(*args)</c> as data when <paramref name="callable"/> is allowed; false otherwise.</summary>
    bool TryReduce(PickleGlobal callable, object?[] args, out object? result);

    /// <summary>Interprets a persistent id (BINPERSID) as data; false when it is not one this allow-list knows.</summary>
    bool TryPersistentLoad(object? persistentId, out object? result);
}
