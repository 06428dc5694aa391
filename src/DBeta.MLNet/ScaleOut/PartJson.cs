using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DBeta.MLNet;

/// <summary>JSON settings of part manifests and metadata: snake_case names, indented, no nulls.</summary>
internal static class PartJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Manifests are read by people too: keep quotes and '+' in version strings readable (the files are UTF-8 JSON, never HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
