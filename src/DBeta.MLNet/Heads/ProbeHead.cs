namespace DBeta.MLNet;

/// <summary>The binary model a <see cref="MultiLabelProbeEstimator"/> trains per label.</summary>
public enum ProbeHead
{
    /// <summary>
    /// L2-regularised logistic regression by L-BFGS (<c>LbfgsLogisticRegression</c>): the linear probe of D-BETA's
    /// protocol, and the same model as scikit-learn's <c>LogisticRegression(C = 1 / L2Regularization)</c>.
    /// </summary>
    LbfgsLogisticRegression,

    /// <summary>Logistic regression by stochastic dual coordinate ascent (<c>SdcaLogisticRegression</c>).</summary>
    SdcaLogisticRegression,

    /// <summary>Gradient-boosted trees (<c>FastTree</c>, Microsoft.ML.FastTree), Platt-calibrated.</summary>
    FastTree,

    /// <summary>Gradient-boosted trees by LightGBM (Microsoft.ML.LightGbm; needs its native library and OpenMP's libgomp).</summary>
    LightGbm,
}
