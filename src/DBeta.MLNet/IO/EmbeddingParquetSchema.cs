using Parquet.Schema;

namespace DBeta.MLNet;

/// <summary>
/// The columns of a DBeta embedding Parquet file: <c>id</c> (string), <c>source_file</c> (string), <c>row_index</c>
/// (int64, the record's row in its source file) and <c>embedding</c> (list of float32, one embedding per row); the
/// parts and checkpoint segments of a sharded run also carry <c>record</c> (int32, the record's index in the run's inputs).
/// </summary>
internal static class EmbeddingParquetSchema
{
    public const string IdColumn = "id";
    public const string SourceFileColumn = "source_file";
    public const string RowIndexColumn = "row_index";
    public const string EmbeddingColumn = "embedding";
    public const string RecordColumn = "record";

    /// <summary>Key-value metadata key holding the embedding width.</summary>
    public const string EmbeddingDimKey = "dbeta.embedding_dim";

    public static DataField<string> Id { get; } = new(IdColumn, nullable: false);

    public static DataField<string> SourceFile { get; } = new(SourceFileColumn, nullable: false);

    public static DataField<long> RowIndex { get; } = new(RowIndexColumn);

    public static DataField<float> Element { get; } = new("element");

    public static DataField<int> Record { get; } = new(RecordColumn);

    public static ParquetSchema Schema { get; } = new(Id, SourceFile, RowIndex, new ListField(EmbeddingColumn, Element));

    /// <summary>The columns of a sharded run's parts and checkpoint segments: <see cref="Schema"/>'s, then <c>record</c>.</summary>
    public static ParquetSchema SchemaWithRecords { get; } = new(Id, SourceFile, RowIndex, new ListField(EmbeddingColumn, Element), Record);
}
