
namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>Tiny random-weight D-BETA ONNX models, written once per test run by the real converter.</summary>
internal static class TinyModels
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        string folder = Path.Combine(Path.GetTempPath(), "dbeta-tests", "tiny-models-" + Environment.ProcessId);
        DBetaConverter.Convert(DBetaModels.CreateRandom(DBetaConfig.Tiny, seed: 11), DBetaConfig.Tiny, folder);
        return folder;
    });

    /// <summary>The tiny ECG encoder (input [batch, 12, time], output [batch, 32]).</summary>
    public static string EcgModel => Path.Combine(Folder.Value, DBetaConverter.EcgFileName);

    /// <summary>The tiny text encoder (T5 vocabulary, output [batch, 32]).</summary>
    public static string TextModel => Path.Combine(Folder.Value, DBetaConverter.TextFileName);
}
