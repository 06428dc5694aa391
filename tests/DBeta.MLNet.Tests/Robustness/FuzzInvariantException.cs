namespace DBeta.MLNet.Tests.Robustness;

/// <summary>Thrown by a fuzz case's read action when a reader returned a result that is wrong.</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message);
