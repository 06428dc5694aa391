using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// <c>mlContext.Transforms</c> extensions of DBeta.MLNet: ECG preprocessing (<c>PrepareEcgForDBeta</c>,
/// <c>ResampleEcg</c>, <c>CropOrPadEcg</c>, <c>ReorderEcgLeads</c>, <c>StandardizeEcgLeads</c>, <c>FilterEcg</c>,
/// <c>KeepEcgLeads</c>), the D-BETA encoders
/// (<c>EmbedEcgWithDBeta</c>, <c>EmbedTextWithDBeta</c>) and zero-shot scoring (<c>ScoreEcgZeroShot</c>).
/// </summary>
public static partial class EcgTransformsCatalog
{
    /// <summary>Resamples an ECG column from <paramref name="sourceRate"/> to <paramref name="targetRate"/> Hz (FFT method, like <c>scipy.signal.resample</c>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column to write.</param>
    /// <param name="inputColumnName">Column to read; null reads <paramref name="outputColumnName"/>.</param>
    /// <param name="sourceRate">Sampling rate of the input in Hz.</param>
    /// <param name="targetRate">Sampling rate of the output in Hz (default 500).</param>
    /// <param name="leadCount">Leads in the vector (default 12).</param>
    /// <example><code>
    /// var resample = mlContext.Transforms.ResampleEcg("Ecg", "Ecg", sourceRate: 400);   // 4096 samples -> 5120
    /// var resampled = resample.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgSignalEstimator ResampleEcg(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName,
        double sourceRate, double targetRate = DBetaConfig.SampleRate, int leadCount = DBetaConfig.LeadCount) =>
        catalog.ResampleEcg(new EcgResamplingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            SourceRate = sourceRate,
            TargetRate = targetRate,
            LeadCount = leadCount,
        });

    /// <summary>Resamples an ECG column as <paramref name="options"/> say.</summary>
    /// <example><code>
    /// var resample = mlContext.Transforms.ResampleEcg("Ecg", "Ecg", sourceRate: 400);   // 4096 samples -> 5120
    /// var resampled = resample.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgSignalEstimator ResampleEcg(this TransformsCatalog catalog, EcgResamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EcgSignalEstimator(new EcgResamplingTransformer(options));
    }

    /// <summary>Crops or zero-pads each lead of an ECG column to <paramref name="targetLength"/> samples.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column to write (default <c>"Ecg"</c>).</param>
    /// <param name="inputColumnName">Column to read; null reads <paramref name="outputColumnName"/>.</param>
    /// <param name="targetLength">Samples per lead in the output (default 5000).</param>
    /// <param name="anchor">Which samples survive cropping and where padding goes (default start).</param>
    /// <param name="leadCount">Leads in the vector (default 12).</param>
    /// <example><code>
    /// var fit = mlContext.Transforms.CropOrPadEcg(targetLength: 5000);   // keep the first 10 s at 500 Hz
    /// var fitted = fit.Fit(resampled).Transform(resampled);
    /// </code></example>
    public static EcgSignalEstimator CropOrPadEcg(this TransformsCatalog catalog, string outputColumnName = DBetaColumnNames.Ecg,
        string? inputColumnName = null, int targetLength = DBetaConfig.SampleCount, EcgLengthAnchor anchor = EcgLengthAnchor.Start,
        int leadCount = DBetaConfig.LeadCount) =>
        catalog.CropOrPadEcg(new EcgCropOrPadOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            TargetLength = targetLength,
            Anchor = anchor,
            LeadCount = leadCount,
        });

    /// <summary>Crops or zero-pads an ECG column as <paramref name="options"/> say.</summary>
    /// <example><code>
    /// var fit = mlContext.Transforms.CropOrPadEcg(targetLength: 5000);   // keep the first 10 s at 500 Hz
    /// var fitted = fit.Fit(resampled).Transform(resampled);
    /// </code></example>
    public static EcgSignalEstimator CropOrPadEcg(this TransformsCatalog catalog, EcgCropOrPadOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EcgSignalEstimator(new EcgLengthFittingTransformer(options));
    }

    /// <summary>Puts the leads of an ECG column, named <paramref name="sourceLeadNames"/> in their input order, into D-BETA's 12-lead order.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="sourceLeadNames">The input's lead names in order (any case); leads other than the standard 12 are dropped.</param>
    /// <param name="outputColumnName">Column to write (default <c>"Ecg"</c>).</param>
    /// <param name="inputColumnName">Column to read; null reads <paramref name="outputColumnName"/>.</param>
    /// <example><code>
    /// // a record with leads in another order, or extra leads (e.g. Frank X, Y, Z): the 12 standard ones, in order
    /// var reorder = mlContext.Transforms.ReorderEcgLeads(["ii", "i", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6", "vx"]);
    /// var reordered = reorder.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgSignalEstimator ReorderEcgLeads(this TransformsCatalog catalog, IReadOnlyList<string> sourceLeadNames,
        string outputColumnName = DBetaColumnNames.Ecg, string? inputColumnName = null) =>
        catalog.ReorderEcgLeads(new EcgLeadReorderingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            SourceLeadNames = sourceLeadNames,
        });

    /// <summary>Reorders or selects the leads of an ECG column as <paramref name="options"/> say.</summary>
    /// <example><code>
    /// // a record with leads in another order, or extra leads (e.g. Frank X, Y, Z): the 12 standard ones, in order
    /// var reorder = mlContext.Transforms.ReorderEcgLeads(["ii", "i", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6", "vx"]);
    /// var reordered = reorder.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgSignalEstimator ReorderEcgLeads(this TransformsCatalog catalog, EcgLeadReorderingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EcgSignalEstimator(new EcgLeadReorderingTransformer(options));
    }

    /// <summary>Z-scores each lead of each row of an ECG column (off in D-BETA, which feeds raw values).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column to write (default <c>"Ecg"</c>).</param>
    /// <param name="inputColumnName">Column to read; null reads <paramref name="outputColumnName"/>.</param>
    /// <param name="leadCount">Leads in the vector (default 12).</param>
    /// <example><code>
    /// var standardize = mlContext.Transforms.StandardizeEcgLeads();    // each lead to mean 0, variance 1
    /// var standardized = standardize.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgSignalEstimator StandardizeEcgLeads(this TransformsCatalog catalog,
        string outputColumnName = DBetaColumnNames.Ecg, string? inputColumnName = null, int leadCount = DBetaConfig.LeadCount) =>
        catalog.StandardizeEcgLeads(new EcgLeadStandardizingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LeadCount = leadCount,
        });

    /// <summary>Z-scores an ECG column as <paramref name="options"/> say.</summary>
    /// <example><code>
    /// var standardize = mlContext.Transforms.StandardizeEcgLeads();    // each lead to mean 0, variance 1
    /// var standardized = standardize.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgSignalEstimator StandardizeEcgLeads(this TransformsCatalog catalog, EcgLeadStandardizingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EcgSignalEstimator(new EcgLeadStandardizingTransformer(options));
    }

    /// <summary>
    /// Cleans each lead of an ECG column with NeuroKit2's default ECG filter (off in D-BETA, which feeds raw millivolts): a
    /// 5th-order Butterworth high-pass at 0.5 Hz and a moving average over one mains period, each run forward and backward.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column to write (default <c>"Ecg"</c>).</param>
    /// <param name="inputColumnName">Column to read; null reads <paramref name="outputColumnName"/>.</param>
    /// <param name="sampleRate">Sampling rate of the input in Hz; null (default) reads the column's <c>SampleRate</c> annotation.</param>
    /// <param name="powerlineFrequency">Mains frequency, 50 (default) or 60 Hz.</param>
    /// <param name="leadCount">Leads in the vector (default 12).</param>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadEcg("records/");                        // the Ecg column carries its SampleRate
    /// var pipeline = mlContext.Transforms.FilterEcg()                       // at the record's own rate
    ///     .Append(mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate));
    /// </code></example>
    public static EcgSignalEstimator FilterEcg(this TransformsCatalog catalog, string outputColumnName = DBetaColumnNames.Ecg,
        string? inputColumnName = null, double? sampleRate = null, double powerlineFrequency = NeuroKitEcgCleaner.DefaultPowerlineFrequency,
        int leadCount = DBetaConfig.LeadCount) =>
        catalog.FilterEcg(new EcgFilteringOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            SampleRate = sampleRate,
            PowerlineFrequency = powerlineFrequency,
            LeadCount = leadCount,
        });

    /// <summary>Filters an ECG column as <paramref name="options"/> say.</summary>
    /// <example><code>
    /// var filter = mlContext.Transforms.FilterEcg(new EcgFilteringOptions { PowerlineFrequency = 60, SampleRate = 400 });
    /// var filtered = filter.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgSignalEstimator FilterEcg(this TransformsCatalog catalog, EcgFilteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new EcgSignalEstimator(new EcgFilteringTransformer(options));
    }

    /// <summary>Keeps one Challenge 2021 lead set of a 12-lead ECG column and sets the other leads to zero, as in D-BETA's reduced-lead experiment.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="leadSet">The leads kept: 12, 6 (limb), 4 (I, II, III, V2), 3 (I, II, V2) or 2 (I, II).</param>
    /// <param name="outputColumnName">Column to write (default <c>"Ecg"</c>).</param>
    /// <param name="inputColumnName">Column to read; null reads <paramref name="outputColumnName"/>.</param>
    /// <example><code>
    /// var pipeline = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.KeepEcgLeads(EcgLeadSet.Six))        // limb leads only, V1-V6 zero
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx"));
    /// </code></example>
    public static EcgSignalEstimator KeepEcgLeads(this TransformsCatalog catalog, EcgLeadSet leadSet,
        string outputColumnName = DBetaColumnNames.Ecg, string? inputColumnName = null) =>
        catalog.KeepEcgLeads(new EcgLeadKeepingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            LeadSet = leadSet,
        });

    /// <summary>Keeps the leads of an ECG column that <paramref name="options"/> name and zeroes the others.</summary>
    /// <example><code>
    /// var twoLeads = mlContext.Transforms.KeepEcgLeads(new EcgLeadKeepingOptions { LeadSet = EcgLeadSet.Two });
    /// var reduced = twoLeads.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgSignalEstimator KeepEcgLeads(this TransformsCatalog catalog, EcgLeadKeepingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new EcgSignalEstimator(new EcgLeadKeepingTransformer(options));
    }

    /// <summary>
    /// D-BETA's preprocessing in one call: resample the 12-lead column from <paramref name="sourceRate"/> to 500 Hz, then keep
    /// the first 5000 samples per lead (zero-padding shorter records). CODE's 4096 samples at 400 Hz become 5120, then 5000.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column to write.</param>
    /// <param name="inputColumnName">Column to read; null reads <paramref name="outputColumnName"/>.</param>
    /// <param name="sourceRate">Sampling rate of the input in Hz.</param>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadEcgFromHdf5("exams.h5");
    /// var pipeline = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)   // 400 Hz x 4096 -> 500 Hz x 5000
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx"));
    /// </code></example>
    public static EstimatorChain<EcgSignalTransformer> PrepareEcgForDBeta(this TransformsCatalog catalog,
        string outputColumnName, string? inputColumnName, double sourceRate)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Chain(DBetaPreprocessing(outputColumnName, inputColumnName, sourceRate));
    }

    /// <summary>D-BETA's preprocessing of the <c>"Ecg"</c> column in place; see the full overload.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="sourceRate">Sampling rate of the input in Hz.</param>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadEcgFromHdf5("exams.h5");
    /// var pipeline = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)   // 400 Hz x 4096 -> 500 Hz x 5000
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx"));
    /// </code></example>
    public static EstimatorChain<EcgSignalTransformer> PrepareEcgForDBeta(this TransformsCatalog catalog, double sourceRate) =>
        catalog.PrepareEcgForDBeta(DBetaColumnNames.Ecg, null, sourceRate);

    /// <summary>
    /// The transformers of <c>PrepareEcgForDBeta</c>: what runs, and what a shard run's fingerprint describes. An optional
    /// <paramref name="filter"/> runs first, at the input's own rate; a reduced <paramref name="leadSet"/> is applied last.
    /// </summary>
    internal static EcgSignalTransformer[] DBetaPreprocessing(string outputColumnName, string? inputColumnName, double sourceRate,
        EcgFilteringOptions? filter = null, EcgLeadSet leadSet = EcgLeadSet.Twelve)
    {
        var steps = new List<EcgSignalTransformer>();
        if (filter is not null)
        {
            steps.Add(new EcgFilteringTransformer(new EcgFilteringOptions
            {
                OutputColumnName = outputColumnName,
                InputColumnName = inputColumnName,
                Kind = filter.Kind,
                PowerlineFrequency = filter.PowerlineFrequency,
                HighPassCutoff = filter.HighPassCutoff,
                SampleRate = filter.SampleRate ?? sourceRate,
            }));
            inputColumnName = outputColumnName;
        }
        steps.Add(new EcgResamplingTransformer(new EcgResamplingOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, SourceRate = sourceRate }));
        steps.Add(new EcgLengthFittingTransformer(new EcgCropOrPadOptions { OutputColumnName = outputColumnName, InputColumnName = outputColumnName }));
        if (leadSet != EcgLeadSet.Twelve)
            steps.Add(new EcgLeadKeepingTransformer(new EcgLeadKeepingOptions { OutputColumnName = outputColumnName, InputColumnName = outputColumnName, LeadSet = leadSet }));
        return [.. steps];
    }

    /// <summary>An estimator chain over already configured signal transformers.</summary>
    internal static EstimatorChain<EcgSignalTransformer> Chain(IEnumerable<EcgSignalTransformer> steps) =>
        steps.Aggregate(new EstimatorChain<EcgSignalTransformer>(), (chain, step) => chain.Append(new EcgSignalEstimator(step)));
}
