namespace DBeta.MLNet.Tests.Robustness;

/// <summary>One mutated input: the path the reader opens (inside the case folder) and what was done to it.</summary>
internal sealed record FuzzInput(string Path, string Mutation);
