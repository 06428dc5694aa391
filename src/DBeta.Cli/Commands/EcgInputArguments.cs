using DBeta.MLNet;
using System.CommandLine;
using Microsoft.ML;

namespace DBeta.Cli.Commands;

/// <summary>The options every command that reads ECG files shares: <c>--input</c>, <c>--format</c>, <c>--rate</c>, <c>--layout</c>.</summary>
internal sealed class EcgInputArguments(bool fitByDefault = false)
{
    public Option<string> Input { get; } = new("--input")
    {
        Description = "ECG file or folder: CODE-layout HDF5 (.h5), a WFDB record (.hea) or folder of records (PhysioNet Challenge folders too), or a .npy array",
        Required = true,
    };

    public Option<EcgFormat> Format { get; } = new("--format")
    {
        Description = "Input format (default: from the extension; a folder holding ptbxl_database.csv, exams.csv or record_list.csv is PTB-XL, CODE-15% or MIMIC-IV-ECG in its own layout)",
        DefaultValueFactory = _ => EcgFormat.Auto,
    };

    public Option<double?> Rate { get; } = new("--rate")
    {
        Description = "Sampling rate of the input in Hz (HDF5: default 400, CODE's; WFDB: from the header; .npy: required)",
    };

    public Option<NpyEcgLayout?> Layout { get; } = new("--layout")
    {
        Description = ".npy only: LeadMajor for [N, 12, T] or TimeMajor for [N, T, 12] (required for .npy)",
    };

    public Option<bool> Fit { get; } = new("--fit")
    {
        Description = "WFDB and Challenge input: resample and crop or pad each record to 500 Hz x 5000 samples (D-BETA's input), so records of any rate and length load together",
        DefaultValueFactory = _ => fitByDefault,
    };

    public Option<double?> WindowStride { get; } = new("--window-stride")
    {
        Description = "WFDB and Challenge input: cut each record into 10-s windows starting every this many seconds, one row per window (id record@start); records shorter than 10 s are skipped and listed; implies --fit",
    };

    public Option<bool> DropInvalid { get; } = new("--drop-invalid")
    {
        Description = "Skip records holding NaN or Inf values (and list them) instead of stopping at the first",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Input);
        AddSettingsTo(command);
    }

    /// <summary>Adds every option but <c>--input</c>, for a command with its own (e.g. several inputs).</summary>
    public void AddSettingsTo(Command command)
    {
        command.Options.Add(DropInvalid);
        command.Options.Add(Format);
        command.Options.Add(Rate);
        command.Options.Add(Layout);
        command.Options.Add(Fit);
        command.Options.Add(WindowStride);
        command.Validators.Add(result =>
        {
            if (result.GetValue(WindowStride) is double stride && !(stride > 0))
                result.AddError($"--window-stride {stride}: the stride must be a positive number of seconds");
        });
    }

    /// <summary>Opens the input as an ML.NET view with <c>Id</c> and <c>Ecg</c> columns, and with <paramref name="sourceColumns"/> each row's <c>SourceFile</c> and <c>RowIndex</c>.</summary>
    public EcgDataView Load(MLContext ml, ParseResult parse, bool sourceColumns = false)
    {
        var (path, format, options) = Resolve(parse);
        options.IncludeSourceColumns = sourceColumns;
        var view = ml.Data.LoadEcg(path, format, options);
        CheckRate(parse, path, format, view.SampleRate);
        return view;
    }

    /// <summary>Opens the input as a record source, for commands that pick single records.</summary>
    public IEcgSource OpenSource(ParseResult parse)
    {
        var (path, format, options) = Resolve(parse);
        var source = EcgSources.Open(path, format, options);
        CheckRate(parse, path, format, source.SampleRate);
        return source;
    }

    private (string Path, EcgFormat Format, EcgLoaderOptions Options) Resolve(ParseResult parse)
    {
        string path = parse.GetValue(Input)!;
        var format = parse.GetValue(Format);
        if (format == EcgFormat.Auto) format = EcgSources.DetectFormat(path);
        return (path, format, LoaderOptions(parse, path, format));
    }

    /// <summary>The loader options <c>--rate</c>, <c>--layout</c> and <c>--drop-invalid</c> give for <paramref name="path"/> in <paramref name="format"/>.</summary>
    public EcgLoaderOptions LoaderOptions(ParseResult parse, string path, EcgFormat format)
    {
        double? rate = parse.GetValue(Rate);
        EcgLoaderOptions options = format switch
        {
            EcgFormat.Npy => new NpyEcgLoaderOptions
            {
                Layout = parse.GetValue(Layout) ?? throw new EcgDataException(path, ".npy input needs --layout LeadMajor ([N, 12, T]) or TimeMajor ([N, T, 12])"),
                SampleRate = rate ?? throw new EcgDataException(path, ".npy input needs --rate HZ: the file does not record its sampling rate"),
            },
            EcgFormat.Hdf5 => new Hdf5EcgLoaderOptions { SampleRate = rate ?? DBeta.MLNet.DBetaConfig.CodeSampleRate },
            EcgFormat.Challenge => new ChallengeLoaderOptions { Fit = Fits(parse) ? new EcgFitOptions() : null, Windows = Windows(parse) },
            _ => new WfdbEcgLoaderOptions { Fit = Fits(parse) ? new EcgFitOptions() : null, Windows = Windows(parse) },
        };
        if (parse.GetValue(DropInvalid)) options.InvalidValues = InvalidValueHandling.Drop;
        return options;
    }

    private bool Fits(ParseResult parse) => parse.GetValue(Fit) || parse.GetValue(WindowStride) is not null;

    private EcgWindowOptions? Windows(ParseResult parse) =>
        parse.GetValue(WindowStride) is double stride ? new EcgWindowOptions { StrideSeconds = stride, SkipShortRecords = true } : null;

    /// <summary>The row <paramref name="index"/> names, checked against the records of <paramref name="ecgs"/>.</summary>
    /// <exception cref="EcgDataException">The row is not one of the view's.</exception>
    public static int RowOf(ParseResult parse, Option<int> index, EcgDataView ecgs)
    {
        int row = parse.GetValue(index);
        if (row < 0 || row >= ecgs.RecordCount)
            throw new EcgDataException(ecgs.Path, $"--index {row} is out of range: it holds {ecgs.RecordCount} records (0 to {ecgs.RecordCount - 1})");
        return row;
    }

    /// <summary>WFDB headers state their rate: a different <c>--rate</c> is a mistake.</summary>
    public void CheckRate(ParseResult parse, string path, EcgFormat format, double actual)
    {
        if (format is not (EcgFormat.Wfdb or EcgFormat.Challenge) || parse.GetValue(Rate) is not double claimed) return;
        if (Fits(parse))
            throw new EcgDataException(path, $"--rate {claimed}: WFDB headers state each record's rate, and --fit brings every record to 500 Hz; leave --rate out for WFDB input");
        if (Math.Abs(claimed - actual) > 1e-9)
            throw new EcgDataException(path, $"--rate {claimed} disagrees with the WFDB header's {actual} Hz; leave --rate out for WFDB input");
    }
}
