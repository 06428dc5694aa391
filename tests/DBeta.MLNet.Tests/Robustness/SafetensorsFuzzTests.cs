using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated <c>.safetensors</c> files through <see cref="CheckpointReader"/>: lying headers (dtype, shape and
/// <c>data_offsets</c> that disagree with each other or with the file, negative, huge or non-integer numbers, duplicate
/// names, odd <c>__metadata__</c>), a header length prefix that lies, header bytes mutated, the data cut or extended.
/// A float32 tensor that reads must hold exactly the floats its offsets point at.
/// </summary>
[TestClass]
public sealed class SafetensorsFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly JsonNode?[] DTypes = ["F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "C64", "X", "", 5, null];
    private static readonly JsonNode?[] Numbers = [0, 1, 2, 3, 4, -1, -4, 12, 13, int.MaxValue, 1L << 31, long.MaxValue, 9.5, 1e300, "4", null, true];

    [TestMethod]
    public void MutatedSafetensorsEndInATypedErrorOrTheBytesTheyPointAt()
    {
        byte[] original = File.ReadAllBytes(RepoPaths.Fixture("checkpoints", "sample.safetensors"));
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
        var header = JsonNode.Parse(original.AsSpan(8, headerLength))!.AsObject();
        byte[] data = original[(8 + headerLength)..];
        var campaign = new FuzzCampaign("safetensors", seed: 0x5354);
        var report = campaign.Run((rng, folder) =>
        {
            string what;
            byte[] bytes = rng.Next(10) switch
            {
                < 5 => Pack(EditHeader(header.DeepClone().AsObject(), rng, out what), data),
                5 => LengthPrefix(original, headerLength, rng, out what),
                6 => DataLength(original, rng, out what),
                _ => ByteMutator.Mutate(original, rng, out what, [(0, 8 + headerLength)]),
            };
            string path = Path.Combine(folder, "model.safetensors");
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, what + new[] { " [describe]", " [metadata]", " [read]", " [read]" }[rng.Next(4)]);
        }, input =>
        {
            if (input.Mutation.EndsWith("[describe]", StringComparison.Ordinal)) _ = CheckpointReader.Describe(input.Path);
            else if (input.Mutation.EndsWith("[metadata]", StringComparison.Ordinal)) _ = CheckpointReader.ReadMetadata(input.Path).ToJsonString();
            else CheckAgainstOffsets(input.Path, CheckpointReader.Read(input.Path));
        });
        report.AssertClean(TestContext);
    }

    private static byte[] Pack(string json, byte[] data)
    {
        byte[] text = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + text.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)text.Length);
        text.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + text.Length);
        return bytes;
    }

    private static string EditHeader(JsonObject header, Random rng, out string what)
    {
        var names = header.Select(p => p.Key).Where(k => k != "__metadata__").ToArray();
        string name = names[rng.Next(names.Length)];
        var entry = header[name]!.AsObject();
        switch (rng.Next(9))
        {
            case 0:
                {
                    var dtype = DTypes[rng.Next(DTypes.Length)];
                    entry["dtype"] = dtype?.DeepClone();
                    what = $"{name} dtype {dtype?.ToJsonString() ?? "null"}";
                    break;
                }
            case 1:
            case 2:
                {
                    var shape = new JsonArray(Enumerable.Range(0, rng.Next(0, rng.Next(8) == 0 ? 10 : 4)).Select(_ => Numbers[rng.Next(Numbers.Length)]?.DeepClone()).ToArray());
                    entry["shape"] = shape;
                    what = $"{name} shape {shape.ToJsonString()}";
                    break;
                }
            case 3:
            case 4:
                {
                    var offsets = new JsonArray(Enumerable.Range(0, rng.Next(6) == 0 ? rng.Next(0, 4) : 2).Select(_ => Numbers[rng.Next(Numbers.Length)]?.DeepClone()).ToArray());
                    if (rng.Next(2) == 0 && offsets.Count == 2 && entry["data_offsets"] is JsonArray old)
                        offsets[rng.Next(2)] = JsonValue.Create(old[rng.Next(2)]!.GetValue<long>() + rng.Next(-5, 6));
                    entry["data_offsets"] = offsets;
                    what = $"{name} data_offsets {offsets.ToJsonString()}";
                    break;
                }
            case 5:
                {
                    string field = new[] { "dtype", "shape", "data_offsets" }[rng.Next(3)];
                    entry.Remove(field);
                    what = $"{name} without {field}";
                    break;
                }
            case 6:
                {
                    JsonNode? meta = rng.Next(4) switch { 0 => JsonValue.Create(3), 1 => new JsonArray(), 2 => new JsonObject { ["nested"] = new JsonObject { ["x"] = 1 } }, _ => null };
                    header["__metadata__"] = meta;
                    what = $"__metadata__ {meta?.ToJsonString() ?? "null"}";
                    break;
                }
            case 7:
                {
                    // Duplicate name: JSON objects cannot hold it, so splice the text.
                    string json = header.ToJsonString();
                    string duplicate = $"\"{name}\":{entry.ToJsonString()}";
                    what = $"{name} listed twice";
                    return json.Insert(json.Length - 1, "," + duplicate);
                }
            default:
                {
                    header[name] = rng.Next(3) switch { 0 => JsonValue.Create("tensor"), 1 => new JsonArray(1, 2), _ => null };
                    what = $"{name} is not an object";
                    break;
                }
        }
        return header.ToJsonString();
    }

    private static byte[] LengthPrefix(byte[] original, int headerLength, Random rng, out string what)
    {
        var bytes = (byte[])original.Clone();
        ulong value = new ulong[] { 0, 1, 2, (ulong)headerLength - 1, (ulong)headerLength + 1, (ulong)original.Length - 8, (ulong)original.Length, 100_000_001, ulong.MaxValue, 1UL << 63 }[rng.Next(10)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        what = $"header length {value}";
        return bytes;
    }

    private static byte[] DataLength(byte[] original, Random rng, out string what)
    {
        int change = new[] { -1, -2, -4, -100, 1, 4, 1000 }[rng.Next(7)];
        what = $"data {change:+#;-#} bytes";
        return change < 0 ? original[..Math.Max(0, original.Length + change)] : [.. original, .. new byte[change]];
    }

    private static void CheckAgainstOffsets(string path, StateDict state)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        foreach (var tensor in state.Tensors.Values)
        {
            long count = tensor.Shape.Aggregate(1L, (a, b) => a * b);
            EcgSourceProbe.Check(tensor.Data.LongLength == count, $"tensor '{tensor.Name}' has {tensor.Data.Length} values for shape {tensor.ShapeText}");
            var entry = header.RootElement.GetProperty(tensor.Name);
            if (entry.GetProperty("dtype").GetString() != "F32") continue;
            long begin = entry.GetProperty("data_offsets")[0].GetInt64();
            for (int i = 0; i < tensor.Data.Length; i++)
            {
                float expected = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + headerLength + (int)begin + 4 * i));
                EcgSourceProbe.Check(expected.Equals(tensor.Data[i]), $"tensor '{tensor.Name}' value {i} is {tensor.Data[i]}, the file holds {expected}");
            }
        }
    }
}
