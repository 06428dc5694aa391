namespace DBeta.MLNet;

/// <summary>
/// Token ids and attention mask of a batch of texts, right-padded to one length, laid out row-major as
/// <c>int64 [BatchSize, SequenceLength]</c>: the <c>input_ids</c> and <c>attention_mask</c> inputs of the text encoder.
/// </summary>
internal sealed class TextTokenBatch
{
    internal TextTokenBatch(long[] inputIds, long[] attentionMask, int batchSize, int sequenceLength, int[] lengths)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        BatchSize = batchSize;
        SequenceLength = sequenceLength;
        Lengths = lengths;
    }

    /// <summary>Token ids, row-major <c>[BatchSize, SequenceLength]</c>; each row is a text's ids, then pad ids.</summary>
    public long[] InputIds { get; }

    /// <summary>1 where <see cref="InputIds"/> holds a real token (including <c>&lt;/s&gt;</c>), 0 where it holds padding.</summary>
    public long[] AttentionMask { get; }

    /// <summary>Number of texts (rows).</summary>
    public int BatchSize { get; }

    /// <summary>Tokens per row after padding.</summary>
    public int SequenceLength { get; }

    /// <summary>Real tokens of each row, <c>&lt;/s&gt;</c> included.</summary>
    public IReadOnlyList<int> Lengths { get; }

    /// <summary>The tensor shape <c>[BatchSize, SequenceLength]</c>, as ONNX Runtime takes it.</summary>
    public long[] Shape => [BatchSize, SequenceLength];
}
