using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// What a transform adds to each row: columns after the input's, computed from the input row. The one
/// <see cref="AppendedColumnsDataView"/> and <see cref="AppendedColumnsRowMapper"/> run every such transform
/// (preprocessing, per-label scores, the single-row embedding), so the cursor and row plumbing is written once.
/// </summary>
internal interface IColumnAppender
{
    /// <summary>The schema the transform was bound to.</summary>
    DataViewSchema InputSchema { get; }

    /// <summary>The input's columns (same indices), then the appended ones.</summary>
    DataViewSchema OutputSchema { get; }

    /// <summary>The input columns the appended column at <paramref name="outputIndex"/> is computed from.</summary>
    IEnumerable<int> SourcesOf(int outputIndex);

    /// <summary>
    /// The getters of the appended columns over one input row or cursor; made once per row or cursor, for the appended
    /// columns in <paramref name="active"/> (output indices) only.
    /// </summary>
    IAppendedColumns Attach(DataViewRow input, IReadOnlySet<int> active);
}

/// <summary>The appended columns of one row or cursor (see <see cref="IColumnAppender.Attach"/>).</summary>
internal interface IAppendedColumns
{
    /// <summary>A getter of the appended <paramref name="column"/>; <typeparamref name="TValue"/> must be its type.</summary>
    ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);
}
