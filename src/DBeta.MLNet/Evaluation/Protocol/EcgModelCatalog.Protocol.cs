using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgModelCatalog
{
    /// <summary>
    /// Runs D-BETA's evaluation protocol on a labelled dataset (PTB-XL, a PhysioNet Challenge folder, CODE-15%): embeds it
    /// once (cached), trains each probe head at each label fraction on the train part (L-BFGS's L2 weight chosen on the
    /// validation part), scores zero-shot when a text model is given, and measures per-label and macro AUROC with
    /// bootstrap intervals, and F1 / sensitivity / specificity at thresholds chosen on validation, on the test part.
    /// </summary>
    /// <exception cref="FileNotFoundException">The dataset, a model, the prompt file or the split file does not exist.</exception>
    /// <exception cref="EcgDataException">The dataset or split file is bad, or no label has enough examples to measure.</exception>
    /// <exception cref="ArgumentException">Options out of range (each names the option).</exception>
    /// <exception cref="InvalidOperationException">A FastTree or LightGBM head without the DBeta.MLNet.Trees package (before any work).</exception>
    /// <example><code>
    /// var result = mlContext.Model.EvaluateEcgProtocol(new EcgProtocolOptions
    /// {
    ///     DatasetPath = "ptb-xl", LabelSet = "superdiagnostic", EcgModelPath = "dbeta-ecg.onnx",
    ///     TextModelPath = "dbeta-text.onnx", TokenizerPath = "spiece.model",
    /// });
    /// Console.Write(result.ToTable());     // zero-shot and probes at 1 %, 10 %, 100 %: macro AUROC with 95 % intervals
    /// result.Save("results.json");
    /// </code></example>
    public static EcgProtocolResult EvaluateEcgProtocol(this ModelOperationsCatalog catalog, EcgProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // The probes seed their own trainers (MultiLabelProbeOptions.Seed); a fixed context keeps the rest deterministic.
        return EcgProtocol.Run(new MLContext(seed: 0), options);
    }
}
