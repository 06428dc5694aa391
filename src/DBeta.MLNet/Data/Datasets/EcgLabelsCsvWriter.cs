namespace DBeta.MLNet;

/// <summary>
/// Writes a dataset's label matrix as the CSV a probe reads (<see cref="EcgLabels.LoadCsv"/> with <c>IdColumn = "Id"</c>):
/// <c>Id</c>, then one 0/1 column per label, one row per record in load order, the file appearing only when complete.
/// </summary>
internal static class EcgLabelsCsvWriter
{
    public static void Write(string path, IEcgDataset dataset)
    {
        var labels = dataset.Labels;
        using var csv = new CsvFileWriter(path, [DBetaColumnNames.Id, .. labels.Names]);
        var fields = new string[labels.Names.Count + 1];
        for (int r = 0; r < dataset.Ids.Count; r++)
        {
            fields[0] = dataset.Ids[r];
            for (int k = 0; k < labels.Names.Count; k++) fields[k + 1] = labels.Value(r, k) != 0 ? "1" : "0";
            csv.WriteRow(fields);
        }
        csv.Commit();
    }
}
