namespace DBeta.MLNet;

/// <summary>A text column a dataset loader adds to its <see cref="EcgDataView"/>: one value per record, in the source's order.</summary>
internal sealed record EcgTextColumn(string Name, IReadOnlyList<string> Values);
