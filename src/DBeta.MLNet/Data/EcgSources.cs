namespace DBeta.MLNet;

/// <summary>Opens the right <see cref="IEcgSource"/> for a path: HDF5 (CODE layout), WFDB or NumPy <c>.npy</c>.</summary>
internal static class EcgSources
{
    /// <summary>
    /// The format of <paramref name="path"/>: a folder holding <c>ptbxl_database.csv</c> is PTB-XL, <c>exams.csv</c>
    /// CODE-15%, <c>record_list.csv</c> MIMIC-IV-ECG; another folder or a <c>.hea</c> is WFDB, <c>.h5</c>/<c>.hdf5</c>/<c>.hdf</c>
    /// HDF5, <c>.npy</c> NumPy, and a WFDB record name without extension (with a <c>.hea</c> beside it) WFDB.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="EcgDataException">The name does not tell the format.</exception>
    public static EcgFormat DetectFormat(string path)
    {
        if (Directory.Exists(path))
        {
            // A dataset's own layout is told by its index file; any other folder is one of WFDB records.
            if (File.Exists(Path.Combine(path, "ptbxl_database.csv"))) return EcgFormat.PtbXl;
            if (File.Exists(Path.Combine(path, Code15Exams.DefaultFileName))) return EcgFormat.Code15;
            if (File.Exists(Path.Combine(path, "record_list.csv"))) return EcgFormat.MimicIvEcg;
            return EcgFormat.Wfdb;
        }
        string extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".h5" or ".hdf5" or ".hdf": return EcgFormat.Hdf5;
            case ".hea": return EcgFormat.Wfdb;
            case ".npy": return EcgFormat.Npy;
        }
        if (File.Exists(path + ".hea")) return EcgFormat.Wfdb;
        if (!File.Exists(path)) throw new FileNotFoundException($"no ECG file or folder at {path}", path);
        throw new EcgDataException(path, $"cannot tell the ECG format from the name ('{extension}'); expected .h5/.hdf5, .hea or a WFDB folder, or .npy");
    }

    /// <summary>
    /// Opens <paramref name="path"/>. <paramref name="options"/> may be the format's own options class
    /// (<see cref="Hdf5EcgLoaderOptions"/>, <see cref="WfdbEcgLoaderOptions"/>, <see cref="NpyEcgLoaderOptions"/>,
    /// <see cref="ChallengeLoaderOptions"/>) or
    /// null for the defaults; <c>.npy</c> needs <see cref="NpyEcgLoaderOptions"/> (layout and rate are not in the file).
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="EcgDataException">The file cannot be read as ECGs of that format.</exception>
    /// <exception cref="ArgumentException">The options are for another format, or <c>.npy</c> lacks its options.</exception>
    public static IEcgSource Open(string path, EcgFormat format = EcgFormat.Auto, EcgLoaderOptions? options = null)
    {
        if (format == EcgFormat.Auto) format = DetectFormat(path);
        return format switch
        {
            EcgFormat.Hdf5 => new Hdf5EcgSource(path, As<Hdf5EcgLoaderOptions>(options, format)),
            EcgFormat.Wfdb => new WfdbEcgSource(path, As<WfdbEcgLoaderOptions>(options, format)),
            EcgFormat.Npy => new NpyEcgSource(path, As<NpyEcgLoaderOptions>(options, format)
                ?? throw new ArgumentException($"reading ECGs from {path} needs NpyEcgLoaderOptions with Layout ([N, 12, T] or [N, T, 12]) and SampleRate", nameof(options))),
            EcgFormat.Challenge => ChallengeDataset.Open(path, As<ChallengeLoaderOptions>(options, format)).OpenSource(),
            // Every record of the layout, in its order (the ids 'dbeta labels' writes for the same folder with --label-set all).
            EcgFormat.PtbXl => PtbXlDataset.Open(path, new PtbXlOptions { LabelSet = PtbXlLabelSet.All, InvalidValues = options?.InvalidValues ?? default }).OpenSource(),
            EcgFormat.Code15 => Code15Dataset.Open(path, new Code15Options { InvalidValues = options?.InvalidValues ?? default }).OpenSource(),
            EcgFormat.MimicIvEcg => MimicIvEcgDataset.Open(path, new MimicIvEcgOptions { InvalidValues = options?.InvalidValues ?? default }).OpenSource(),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private static T? As<T>(EcgLoaderOptions? options, EcgFormat format) where T : EcgLoaderOptions => options switch
    {
        null => null,
        T typed => typed,
        _ when options.GetType() == typeof(EcgLoaderOptions) => null,
        _ => throw new ArgumentException($"{options.GetType().Name} cannot configure a {format} source; use {typeof(T).Name}", nameof(options)),
    };
}
