namespace DBeta.MLNet;

/// <summary>
/// CODE-15% in its own layout: the HDF5 parts of a folder (or one part) joined with <c>exams.csv</c> on
/// <c>exam_id</c>. Records come part by part (parts in natural order of their names: <c>exams_part2</c> before
/// <c>exams_part10</c>), rows in file order; ids are the exam ids, labels the six of <see cref="CodeLabels.Names"/>.
/// HDF5 rows whose exam_id the table does not list (CODE-15 ends each part with a zero padding row) are left out and
/// listed in <see cref="Skipped"/>; exams the table places in a present part that lacks them are missing records.
/// Exams of parts that are not in the folder are not loaded (<see cref="ExamsInAbsentParts"/> counts them).
/// </summary>
internal sealed class Code15Dataset : IEcgDataset
{
    private readonly string[] _partPaths;
    private readonly int[] _parts;
    private readonly int[] _rows;
    private readonly double _sampleRate;

    private Code15Dataset(string path, string[] partPaths, int[] parts, int[] rows, string[] ids, string[] patients,
        EcgLabels labels, string[] skipped, int examsInAbsentParts, double sampleRate)
    {
        Path = path;
        _partPaths = partPaths;
        _parts = parts;
        _rows = rows;
        Ids = ids;
        PatientIds = patients;
        Labels = labels;
        Skipped = skipped;
        ExamsInAbsentParts = examsInAbsentParts;
        _sampleRate = sampleRate;
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <summary>The HDF5 parts read, in load order.</summary>
    public IReadOnlyList<string> PartPaths => _partPaths;

    /// <inheritdoc/>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The <c>patient_id</c> of each record of <see cref="Ids"/>, as written (for patient-level splits).</summary>
    public IReadOnlyList<string> PatientIds { get; }

    /// <inheritdoc/>
    public EcgLabels Labels { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>This project's prompt for each of the six labels (<see cref="PromptSet.CodeDefaults"/>).</summary>
    public string? DescribeLabel(string label) => PromptSet.CodeDefaults.IndexOf(label) >= 0 ? PromptSet.CodeDefaults[label] : null;

    /// <summary>Exams of the table whose <c>trace_file</c> is not among the parts read (a partial download).</summary>
    public int ExamsInAbsentParts { get; }

    /// <summary>Reads the exam table and the exam ids of every part of <paramref name="path"/> (a folder, or one part file).</summary>
    /// <exception cref="FileNotFoundException">Nothing at the path, or no exam table.</exception>
    /// <exception cref="EcgDataException">A part without <c>exam_id</c>, an exam in two places, a bad table row, or missing exams.</exception>
    public static Code15Dataset Open(string path, Code15Options options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.SampleRate > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.SampleRate, "Code15Options.SampleRate must be positive");
        string folder;
        string[] partPaths;
        if (Directory.Exists(path))
        {
            folder = path;
            partPaths = [.. Directory.EnumerateFiles(path).Where(IsHdf5).Order(NaturalFileOrder.Instance)];
            if (partPaths.Length == 0) throw new EcgDataException(path, "has no HDF5 parts (.hdf5 or .h5 files)");
        }
        else if (File.Exists(path))
        {
            folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            partPaths = [path];
        }
        else
        {
            throw new FileNotFoundException($"no CODE-15% folder or HDF5 part at {path}", path);
        }
        var exams = Code15Exams.Load(System.IO.Path.Combine(folder, options.ExamsFile));

        var parts = new List<int>();
        var rows = new List<int>();
        var ids = new List<string>();
        var patients = new List<string>();
        var values = new List<float>();
        var skipped = new List<string>();
        var placed = new Dictionary<string, (int Part, int Row)>(StringComparer.Ordinal);
        for (int p = 0; p < partPaths.Length; p++)
        {
            string[] partIds = ReadExamIds(partPaths[p], options.SampleRate);
            string partName = System.IO.Path.GetFileName(partPaths[p]);
            for (int row = 0; row < partIds.Length; row++)
            {
                string id = partIds[row];
                if (placed.TryGetValue(id, out var first) && exams.Find(id) is not null)
                    throw new EcgDataException(partPaths[p],
                        $"row {row} has exam_id {id}, which row {first.Row} of {System.IO.Path.GetFileName(partPaths[first.Part])} has too", id);
                placed[id] = (p, row);
                if (exams.Find(id) is not { } exam)
                {
                    skipped.Add($"{id}: row {row} of {partName} is not in {System.IO.Path.GetFileName(exams.Path)}{(id == "0" ? " (a padding row)" : "")}");
                    continue;
                }
                parts.Add(p);
                rows.Add(row);
                ids.Add(id);
                patients.Add(exam.PatientId);
                values.AddRange(exam.Labels);
            }
        }

        var present = partPaths.Select(System.IO.Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        int inAbsentParts = 0;
        foreach (var exam in exams.InOrder)
        {
            if (placed.ContainsKey(exam.Id)) continue;
            if (exam.TraceFile.Length > 0 && present.Contains(exam.TraceFile))
                missing.Add($"{exam.Id}: missing on disk (exams table row {exam.Row} puts it in {exam.TraceFile}, which lacks it)");
            else
                inAbsentParts++;
        }
        MissingRecordRule.Apply(options.MissingRecords, exams.Path, "exam(s) are missing from their HDF5 part", missing, skipped);
        if (ids.Count == 0)
            throw new EcgDataException(path, $"no HDF5 row has an exam_id that {exams.Path} lists ({skipped.Count} rows left out)");

        var labels = EcgLabels.FromValues(exams.Path, "exam_id", CodeLabels.Names, ids, [.. values]);
        return new Code15Dataset(path, partPaths, [.. parts], [.. rows], [.. ids], [.. patients], labels, [.. skipped], inAbsentParts, options.SampleRate);
    }

    /// <inheritdoc/>
    public IEcgSource OpenSource() => new Code15EcgSource(Path, _partPaths, _parts, _rows, [.. Ids], _sampleRate);

    private static string[] ReadExamIds(string partPath, double sampleRate)
    {
        using var part = new Hdf5EcgSource(partPath, new Hdf5EcgLoaderOptions { SampleRate = sampleRate });
        if (!part.HasIds)
            throw new EcgDataException(partPath, "has no dataset 'exam_id'; a CODE-15% part needs it to be joined with exams.csv");
        var ids = new string[part.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = part.GetId(i);
        return ids;
    }

    private static bool IsHdf5(string file) =>
        file.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".h5", StringComparison.OrdinalIgnoreCase);
}
