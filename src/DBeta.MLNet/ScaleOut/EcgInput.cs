namespace DBeta.MLNet;

/// <summary>One input of an <see cref="EcgInputSet"/>: its path as listed, its record count and where its records start in the set.</summary>
/// <param name="Path">The file or folder, as given or as a glob expanded it.</param>
/// <param name="RecordCount">Records in it.</param>
/// <param name="FirstRecord">Index in the whole set of its first record.</param>
internal sealed record EcgInput(string Path, int RecordCount, int FirstRecord);
