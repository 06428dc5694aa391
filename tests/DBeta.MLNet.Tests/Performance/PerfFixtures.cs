using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Performance;

/// <summary>What tests/reference/make_perf_fixtures.py wrote: PyTorch FLOP counts and the NumPy int8 reference.</summary>
internal static class PerfFixtures
{
    private static readonly Lazy<JsonElement> Flops = new(() => JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("perf", "flops.json"))).RootElement);

    private static readonly Lazy<JsonElement> Int8 = new(() => JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("perf", "int8.json"))).RootElement);

    /// <summary>PyTorch's FLOP count for a configuration (<c>fixture</c>, <c>tiny</c>, <c>dbeta</c>) and input length.</summary>
    public static long FlopCount(string config, int samples) => Flops.Value.GetProperty(config).GetProperty(samples.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt64();

    /// <summary>A [rows, columns] array of int8.json.</summary>
    public static float[][] Matrix(string name) =>
        Int8.Value.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();

    /// <summary>A 1-D array of int8.json.</summary>
    public static float[] Vector(string name) => Int8.Value.GetProperty(name).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
}
