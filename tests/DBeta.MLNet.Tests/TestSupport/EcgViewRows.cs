using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>Every row of an ECG view read through a cursor: ids, signals, the <c>Labels</c> vector and any text columns.</summary>
internal sealed record EcgViewRows(string[] Ids, float[][] Ecgs, float[][] Labels, IReadOnlyDictionary<string, string[]> Texts)
{
    /// <summary>Reads <paramref name="view"/>; <paramref name="textColumns"/> are the text columns besides <c>Id</c> to read.</summary>
    public static EcgViewRows Read(IDataView view, params string[] textColumns)
    {
        var idColumn = view.Schema[DBetaColumnNames.Id];
        var ecgColumn = view.Schema[DBetaColumnNames.Ecg];
        var labelsColumn = view.Schema.GetColumnOrNull(DBetaColumnNames.Labels);
        var texts = textColumns.Select(name => view.Schema[name]).ToArray();
        var needed = new List<DataViewSchema.Column> { idColumn, ecgColumn };
        if (labelsColumn is { } l) needed.Add(l);
        needed.AddRange(texts);
        using var cursor = view.GetRowCursor(needed);
        var getId = cursor.GetGetter<ReadOnlyMemory<char>>(idColumn);
        var getEcg = cursor.GetGetter<VBuffer<float>>(ecgColumn);
        var getLabels = labelsColumn is { } lc ? cursor.GetGetter<VBuffer<float>>(lc) : null;
        var getTexts = texts.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
        var ids = new List<string>();
        var ecgs = new List<float[]>();
        var labels = new List<float[]>();
        var textValues = texts.Select(_ => new List<string>()).ToArray();
        ReadOnlyMemory<char> text = default;
        VBuffer<float> vector = default;
        while (cursor.MoveNext())
        {
            getId(ref text);
            ids.Add(text.ToString());
            getEcg(ref vector);
            ecgs.Add(vector.DenseValues().ToArray());
            if (getLabels is not null)
            {
                getLabels(ref vector);
                labels.Add(vector.DenseValues().ToArray());
            }
            for (int t = 0; t < getTexts.Length; t++)
            {
                getTexts[t](ref text);
                textValues[t].Add(text.ToString());
            }
        }
        return new EcgViewRows([.. ids], [.. ecgs], [.. labels],
            texts.Select((c, t) => (c.Name, Values: textValues[t].ToArray())).ToDictionary(p => p.Name, p => p.Values));
    }
}
