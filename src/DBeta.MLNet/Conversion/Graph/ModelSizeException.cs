namespace DBeta.MLNet;


/// <summary>A graph too large for one protobuf message (2 GB).</summary>
internal sealed class ModelSizeException(string message) : Exception(message);
