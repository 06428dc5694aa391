namespace DBeta.MLNet;

/// <summary>File formats <see cref="EcgSources.Open"/> reads.</summary>
internal enum EcgFormat
{
    /// <summary>Chosen from the path: <c>.h5</c>/<c>.hdf5</c>/<c>.hdf</c> HDF5, <c>.hea</c> or a folder WFDB, <c>.npy</c> NumPy.</summary>
    Auto,

    /// <summary>HDF5 in the CODE / CODE-15 layout (<c>tracings</c> <c>[N, T, 12]</c>).</summary>
    Hdf5,

    /// <summary>PhysioNet WFDB records (<c>.hea</c> header plus signal files).</summary>
    Wfdb,

    /// <summary>A NumPy <c>.npy</c> array <c>[N, 12, T]</c> or <c>[N, T, 12]</c>.</summary>
    Npy,

    /// <summary>PhysioNet/CinC Challenge 2020/2021 records: WFDB headers over <c>.mat</c> files, labels in <c>#Dx</c> SNOMED CT codes.</summary>
    Challenge,

    /// <summary>PTB-XL in its own layout: a folder with <c>ptbxl_database.csv</c>, <c>scp_statements.csv</c> and <c>records500/</c> (or <c>records100/</c>).</summary>
    PtbXl,

    /// <summary>CODE-15%: a folder with <c>exams.csv</c> and the HDF5 parts it names.</summary>
    Code15,

    /// <summary>MIMIC-IV-ECG: a folder with <c>record_list.csv</c>, <c>machine_measurements.csv</c> and <c>files/</c>.</summary>
    MimicIvEcg,
}
