using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>ML.NET access to synthetic labelled ECGs: <c>mlContext.Data.LoadSyntheticEcgs(...)</c>.</summary>
public static class SyntheticEcgCatalog
{
    /// <summary>Name of the record id column (text).</summary>
    public const string IdColumnName = "Id";

    /// <summary>Name of the signal column: <c>Vector&lt;Single, 12*T&gt;</c>, lead-major (all of lead I, then II, ...), mV.</summary>
    public const string EcgColumnName = "Ecg";

    /// <summary>
    /// A streaming data view of <see cref="SyntheticEcgOptions.Count"/> synthetic ECGs with columns <c>Id</c>,
    /// <c>Ecg</c> and one Boolean per CODE label (<c>1dAVb</c>, <c>RBBB</c>, <c>LBBB</c>, <c>SB</c>, <c>AF</c>, <c>ST</c>);
    /// rows are generated on demand and are the same on every pass and every machine.
    /// </summary>
    /// <exception cref="ArgumentException">The options cannot be used (the message names the setting).</exception>
    public static IDataView LoadSyntheticEcgs(this DataOperationsCatalog catalog, SyntheticEcgOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new SyntheticEcgDataView(options);
    }

    /// <summary>
    /// <paramref name="count"/> synthetic ECGs at 400 Hz (4096 samples, CODE's layout) with the default prevalences and noise.
    /// </summary>
    public static IDataView LoadSyntheticEcgs(this DataOperationsCatalog catalog, int count, long seed = 42) =>
        catalog.LoadSyntheticEcgs(new SyntheticEcgOptions { Count = count, Seed = seed });
}
