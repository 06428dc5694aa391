using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace DBeta.MLNet.Tests.Heads;

/// <summary>
/// How far one label's fitted linear probe lies from a reference optimum: test AUROC (also as positive-negative pairs
/// ordered otherwise, AUROC's own unit), the largest test-logit difference and the largest coefficient difference.
/// </summary>
internal sealed record OptimumGap(string Label, double AurocDifference, double Pairs, double Logit, double Coefficient, double Intercept)
{
    public override string ToString() =>
        $"{Label}: AUROC {AurocDifference:+0.00000;-0.00000} ({Pairs:+0.#;-0.#;0} pairs), largest difference in test logits {Logit:E1}, " +
        $"in coefficients {Coefficient:E1}; intercept {Intercept:F3}";

    /// <summary>Measures every CODE label of a linear probe fitted with standardisation, against <paramref name="optimum"/>.</summary>
    public static OptimumGap[] Measure(TransformerChain<ITransformer> probe, IDataView test, IReadOnlyDictionary<string, SklearnOptimum> optimum)
    {
        var scored = probe.Transform(test);
        // The label models come after the normalizer (the chain's first linear model is only its schema check).
        var models = probe.SkipWhile(t => t is not NormalizingTransformer)
            .OfType<ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>>()
            .Select(t => t.Model.SubModel).ToArray();
        Assert.HasCount(CodeLabels.Names.Count, models);
        return CodeLabels.Names.Select((label, j) =>
        {
            var reference = optimum[label];
            bool[] labels = test.GetColumn<bool>(label).ToArray();
            double[] logits = scored.GetColumn<float>("Score." + label).Select(v => (double)v).ToArray();
            var metrics = LabelMetrics.Compute(label, labels, logits);
            double auroc = metrics.Auroc - reference.Auroc;
            float[] weights = models[j].Weights.ToArray();
            double coefficient = Math.Abs(models[j].Bias - reference.Intercept);
            for (int i = 0; i < weights.Length; i++) coefficient = Math.Max(coefficient, Math.Abs(weights[i] - reference.Coefficients[i]));
            double logit = logits.Select((v, i) => Math.Abs(v - reference.TestScores[i])).Max();
            return new OptimumGap(label, auroc, auroc * metrics.Positives * metrics.Negatives, logit, coefficient, models[j].Bias);
        }).ToArray();
    }
}
