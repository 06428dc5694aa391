using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Preprocessing.Filtering;

/// <summary>The cases <c>tests/reference/make_filter_fixtures.py</c> wrote (scipy 1.10), read from its manifest.</summary>
internal static class FilterFixtures
{
    public const string Area = "filtering";

    private static readonly JsonElement Manifest =
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture(Area, "manifest.json"))).RootElement;

    /// <summary>[order, rate] of each stored <c>sos</c> array.</summary>
    public static IEnumerable<object[]> SosCases =>
        Manifest.GetProperty("sos").EnumerateArray().Select(c => new object[] { c[0].GetInt32(), c[1].GetInt32() });

    /// <summary>[name, rate, powerline, length, minimum length] of each stored signal.</summary>
    public static IEnumerable<object[]> SignalCases =>
        Manifest.GetProperty("signals").EnumerateArray().Select(c => new object[]
        {
            c.GetProperty("name").GetString()!, c.GetProperty("rate").GetInt32(), c.GetProperty("powerline").GetInt32(),
            c.GetProperty("length").GetInt32(), c.GetProperty("minimum_length").GetInt32(),
        });

    /// <summary>Whether the real record (E07500) was stored: only when the script ran beside ../shared.</summary>
    public static bool HasRecord => Manifest.GetProperty("record").ValueKind == JsonValueKind.Object;

    public static NpyFixture Load(string name) => NpyFixture.Load(Area, name);
}
