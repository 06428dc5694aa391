using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary><c>mlContext.Model</c> extensions of DBeta.MLNet.</summary>
public static partial class EcgModelCatalog
{
    /// <summary>
    /// Explains one score of one ECG by occlusion: the drop of the score when each lead, and each lead x time window
    /// (<see cref="EcgOcclusionOptions.WindowSeconds"/>), is replaced (zeros by default), all copies scored in one
    /// pass through <paramref name="model"/>, a fitted pipeline from the <c>Ecg</c> column of
    /// <paramref name="ecgs"/> to the score column (preprocessing, embedding, then a probe or zero-shot head). Costs
    /// <c>1 + 12 + 12 x windows</c> records through the model (253 for 10 s in 0.5-s windows).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of another type, or <paramref name="row"/> is not a row of the data.</exception>
    /// <example><code>
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Append(probe).Fit(ecgs);   // probe: a fitted MultiLabelProbe
    /// var map = mlContext.Model.ExplainEcgByOcclusion(model, ecgs, row: 0, new EcgOcclusionOptions { ScoreColumnName = "Probability.AF" });
    /// </code></example>
    public static EcgOcclusionMap ExplainEcgByOcclusion(this ModelOperationsCatalog catalog, ITransformer model, IDataView ecgs, long row,
        EcgOcclusionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EcgOcclusion.Explain(model, ecgs, row, options ?? new EcgOcclusionOptions());
    }
}
