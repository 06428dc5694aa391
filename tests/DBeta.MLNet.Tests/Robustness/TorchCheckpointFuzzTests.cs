using System.Buffers.Binary;
using System.Text;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated and hostile PyTorch checkpoints through <see cref="CheckpointReader"/> (read, describe, metadata): zip bytes
/// mutated (truncated archive, broken directory), records rewritten (pickle opcodes corrupted, storages cut short or
/// extended, byte order, missing or doubled records), crafted tensors with random geometry (storages pointing past their
/// data, wrong sizes, negative or absurd strides and offsets, shared storages), and pickles that call
/// <c>os.system</c>, <c>builtins.eval</c> and friends, refer to themselves, nest a million levels or claim gigabytes.
/// A crafted tensor that reads must hold exactly the values its storage and geometry give; nothing may run.
/// </summary>
[TestClass]
public sealed class TorchCheckpointFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly byte[] Opcodes = Encoding.Latin1.GetBytes("(.012FIJKLMNPQRSTUVXabcdeghijlopqrstu}])G")
        .Concat(Enumerable.Range(0x80, 0x19).Select(b => (byte)b)).ToArray();

    private static readonly long[] AbsurdLongs = [-1, -2, long.MinValue, long.MaxValue, int.MaxValue, 1L << 31, 1L << 32, 1L << 40, 1L << 62, 3037000500];

    [TestMethod]
    public void MutatedAndHostileCheckpointsEndInATypedErrorOrTheirTensors()
    {
        string folder = RepoPaths.Fixture("checkpoints");
        var corpus = Directory.GetFiles(folder, "*.pt").Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f)))
            .Concat(Directory.GetFiles(folder, "protocol_*.pkl").Order(StringComparer.Ordinal).Select(f => (Name: Path.GetFileName(f),
                Bytes: PickleBytes.Archive([("protocol/data.pkl", File.ReadAllBytes(f)), ("protocol/byteorder", "little"u8.ToArray())]))))
            .ToArray();
        var campaign = new FuzzCampaign("PyTorch checkpoint (zip+pickle)", seed: 0x707463);
        var report = campaign.Run((rng, caseFolder) =>
        {
            string path = Path.Combine(caseFolder, "model.pt");
            string canary = Path.Combine(caseFolder, "PWNED");
            string what;
            byte[] bytes;
            int kind = rng.Next(20);
            if (kind < 7)
            {
                var (name, original) = corpus[rng.Next(corpus.Length)];
                bytes = ByteMutator.Mutate(original, rng, out what, [(0, Math.Min(128, original.Length)), (Math.Max(0, original.Length - 1024), Math.Min(1024, original.Length))]);
                what = $"{name}: {what}";
            }
            else if (kind < 12)
            {
                var (name, original) = corpus[rng.Next(corpus.Length)];
                bytes = RewriteRecords(original, rng, out what);
                what = $"{name}: {what}";
            }
            else if (kind < 16)
            {
                bytes = CraftedTensors(rng, out what);
            }
            else
            {
                bytes = Hostile(rng, canary, out what);
            }
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, what + new[] { " [describe]", " [metadata]", " [read]", " [read]" }[rng.Next(4)]);
        }, input =>
        {
            string canary = Path.Combine(Path.GetDirectoryName(input.Path)!, "PWNED");
            try
            {
                if (input.Mutation.EndsWith("[describe]", StringComparison.Ordinal)) _ = CheckpointReader.Describe(input.Path);
                else if (input.Mutation.EndsWith("[metadata]", StringComparison.Ordinal)) _ = CheckpointReader.ReadMetadata(input.Path).ToJsonString();
                else CheckTensors(input, CheckpointReader.Read(input.Path));
            }
            finally
            {
                EcgSourceProbe.Check(!File.Exists(canary), "the checkpoint ran a command: the canary file exists");
            }
        });
        report.AssertClean(TestContext);
    }

    private static void CheckTensors(FuzzInput input, StateDict state)
    {
        foreach (var tensor in state.Tensors.Values)
        {
            long count = tensor.Shape.Aggregate(1L, (a, b) => a * b);
            EcgSourceProbe.Check(tensor.Data.LongLength == count, $"tensor '{tensor.Name}' has {tensor.Data.Length} values for shape {tensor.ShapeText}");
        }
        if (!input.Mutation.StartsWith("crafted", StringComparison.Ordinal)) return;
        // Crafted tensors: values must be storage[offset + sum(index * stride)] in C order, computed here independently.
        var records = PickleBytes.Records(File.ReadAllBytes(input.Path)).ToDictionary(r => r.Name, r => r.Bytes);
        foreach (string spec in input.Mutation["crafted ".Length..^" [read]".Length].Split("; "))
        {
            var parts = spec.Split(' ');
            string name = parts[0];
            if (!state.Tensors.TryGetValue(name, out var tensor)) continue;
            byte[] storage = records["archive/data/" + parts[1]];
            long offset = long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
            long[] sizes = Longs(parts[4]), strides = Longs(parts[5]);
            var index = new long[sizes.Length];
            for (int i = 0; i < tensor.Data.Length; i++)
            {
                long at = offset;
                for (int d = 0; d < sizes.Length; d++) at += index[d] * strides[d];
                EcgSourceProbe.Check(at >= 0 && (at + 1) * 4 <= storage.Length, $"tensor '{name}' value {i} comes from element {at}, outside its {storage.Length}-byte storage");
                float expected = BinaryPrimitives.ReadSingleLittleEndian(storage.AsSpan((int)(at * 4)));
                EcgSourceProbe.Check(expected.Equals(tensor.Data[i]), $"tensor '{name}' value {i} is {tensor.Data[i]}, its storage holds {expected}");
                for (int d = sizes.Length - 1; d >= 0 && ++index[d] == sizes[d]; d--) index[d] = 0;
            }
        }
    }

    private static long[] Longs(string text) =>
        text.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static byte[] RewriteRecords(byte[] original, Random rng, out string what)
    {
        var records = PickleBytes.Records(original);
        int pickle = records.FindIndex(r => r.Name.EndsWith("data.pkl", StringComparison.Ordinal));
        string prefix = pickle >= 0 ? records[pickle].Name[..^"data.pkl".Length] : "archive/";
        var storages = records.Select((r, i) => (r, i)).Where(x => x.r.Name.Contains("/data/", StringComparison.Ordinal)).Select(x => x.i).ToList();
        switch (rng.Next(8))
        {
            case 0 when pickle >= 0:
            case 1 when pickle >= 0:
                records[pickle] = (records[pickle].Name, ByteMutator.Mutate(records[pickle].Bytes, rng, out what));
                what = "data.pkl " + what;
                break;
            case 2 when pickle >= 0:
                {
                    byte[] bytes = (byte[])records[pickle].Bytes.Clone();
                    int n = rng.Next(1, 4);
                    var at = new List<int>();
                    for (int k = 0; k < n && bytes.Length > 0; k++)
                    {
                        int i = rng.Next(bytes.Length);
                        bytes[i] = Opcodes[rng.Next(Opcodes.Length)];
                        at.Add(i);
                    }
                    records[pickle] = (records[pickle].Name, bytes);
                    what = $"data.pkl opcodes replaced at {string.Join(",", at)}";
                    break;
                }
            case 3 when storages.Count > 0:
                {
                    int s = storages[rng.Next(storages.Count)];
                    var (name, bytes) = records[s];
                    int change = new[] { -1, -2, -4, -bytes.Length, 1, 4, 4096 }[rng.Next(7)];
                    byte[] changed = change < 0 ? bytes[..Math.Max(0, bytes.Length + change)] : [.. bytes, .. new byte[change]];
                    records[s] = (name, changed);
                    what = $"{name} {change:+#;-#;0} bytes";
                    break;
                }
            case 4 when storages.Count > 0:
                {
                    int s = storages[rng.Next(storages.Count)];
                    what = $"{records[s].Name} removed";
                    records.RemoveAt(s);
                    break;
                }
            case 5:
                {
                    string order = new[] { "big", "", "little\0", "LITTLE", "middle", "little\n\n" }[rng.Next(6)];
                    records.RemoveAll(r => r.Name.EndsWith("/byteorder", StringComparison.Ordinal));
                    records.Add((prefix + "byteorder", Encoding.ASCII.GetBytes(order)));
                    what = $"byteorder '{order.Replace("\0", "\\0", StringComparison.Ordinal)}'";
                    break;
                }
            case 6 when pickle >= 0:
                {
                    int op = rng.Next(4);
                    what = op switch { 0 => "data.pkl removed", 1 => "data.pkl doubled", 2 => "second root", _ => "constants.pkl added" };
                    var pkl = records[pickle];
                    if (op == 0) records.RemoveAt(pickle);
                    else if (op == 1) records.Add(pkl);
                    else if (op == 2) records.Add(("other/data.pkl", pkl.Bytes));
                    else records.Add((prefix + "constants.pkl", pkl.Bytes));
                    break;
                }
            default:
                what = "repacked deflated";
                return PickleBytes.Archive(records, deflate: true);
        }
        return PickleBytes.Archive(records, deflate: rng.Next(3) == 0);
    }

    /// <summary>One to three float32 tensors with random geometry over one or two storages of random length.</summary>
    private static byte[] CraftedTensors(Random rng, out string what)
    {
        int storageCount = rng.Next(1, 3);
        var numel = new long[storageCount];
        var records = new List<(string, byte[])>();
        for (int s = 0; s < storageCount; s++)
        {
            numel[s] = rng.Next(5) == 0 ? AbsurdLongs[rng.Next(AbsurdLongs.Length)] : rng.Next(0, 65);
            long recordLength = rng.Next(4) == 0 ? rng.Next(0, 300) : Math.Clamp(numel[s], 0, 1 << 16) * 4 + (rng.Next(3) == 0 ? rng.Next(-4, 5) : 0);
            var data = new byte[Math.Max(0, recordLength)];
            for (int i = 0; i + 4 <= data.Length; i += 4) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), i / 4 + 0.5f);
            records.Add(($"archive/data/{s}", data));
        }
        var pickle = new PickleBytes().Proto().Op('}').Op('(').Str("model").Op('}').Op('(');
        var specs = new List<string>();
        for (int t = 0, count = rng.Next(1, 4); t < count; t++)
        {
            int s = rng.Next(storageCount);
            int rank = rng.Next(0, 5);
            var sizes = new long[rank];
            var strides = new long[rank];
            long stride = 1;
            for (int d = rank - 1; d >= 0; d--)
            {
                sizes[d] = rng.Next(8) == 0 ? AbsurdLongs[rng.Next(AbsurdLongs.Length)] : rng.Next(0, 6);
                strides[d] = rng.Next(6) switch { 0 => AbsurdLongs[rng.Next(AbsurdLongs.Length)], 1 => rng.Next(-2, 9), 2 => 0, _ => stride };
                stride *= Math.Max(1, sizes[d]);
            }
            long offset = rng.Next(6) == 0 ? AbsurdLongs[rng.Next(AbsurdLongs.Length)] : rng.Next(0, 12);
            string name = $"t{t}";
            pickle.Str(name).Tensor(s.ToString(System.Globalization.CultureInfo.InvariantCulture), numel[s], offset, sizes, strides);
            specs.Add($"{name} {s} numel {offset} [{string.Join(",", sizes)}] [{string.Join(",", strides)}]");
        }
        pickle.Op('u').Op('u').Op('.');
        records.Insert(0, ("archive/data.pkl", pickle.ToArray()));
        records.Add(("archive/byteorder", "little"u8.ToArray()));
        what = "crafted " + string.Join("; ", specs);
        return PickleBytes.Archive(records);
    }

    /// <summary>A checkpoint whose pickle tries to run a command, refers to itself, nests deeply or claims huge sizes.</summary>
    private static byte[] Hostile(Random rng, string canary, out string what)
    {
        string command = $"touch {canary}";
        var p = new PickleBytes().Proto(rng.Next(2) == 0 ? (byte)2 : (byte)4).Op('}').Op('(');
        p.Str("model").Op('}').Op('(').Str("w").Tensor("0", 4, 0, [2, 2], [2, 1]).Op('u');
        p.Str("payload");
        int choice = rng.Next(17);
        switch (choice)
        {
            case 0: p.Global("posix", "system").Op('(').Str(command).Op('t').Op('R'); what = "REDUCE posix.system"; break;
            case 1: p.Global("os", "system").Str(command).Op(0x85).Op('R'); what = "REDUCE os.system"; break;
            case 2: p.Global("builtins", "eval").Op('(').Str($"__import__('os').system('{command}')").Op('t').Op('R'); what = "REDUCE builtins.eval"; break;
            case 3: p.Global("builtins", "exec").Op('(').Str($"import os; os.system('{command}')").Op('t').Op('R'); what = "REDUCE builtins.exec"; break;
            case 4: p.Global("subprocess", "check_output").Op('(').Op('(').Str("touch").Str(canary).Op('l').Op('t').Op('R'); what = "REDUCE subprocess.check_output"; break;
            case 5: p.Op('(').Str(command).Op('i').Op(Encoding.ASCII.GetBytes("os\nsystem\n")); what = "INST os.system"; break;
            case 6: p.Op('(').Global("os", "system").Str(command).Op('o'); what = "OBJ os.system"; break;
            case 7: p.Str("os").Str("system").Op(0x93).Str(command).Op(0x85).Op('R'); what = "STACK_GLOBAL os.system"; break;
            case 8:
                p.Global("builtins", "getattr").Op('(').Global("builtins", "__import__").Op('(').Str("os").Op('t').Op('R').Str("system").Op('t').Op('R')
                    .Op('(').Str(command).Op('t').Op('R');
                what = "getattr(__import__('os'), 'system')(...)";
                break;
            case 9: p.Global("collections", "OrderedDict").Op(')').Op('R').Op('}').Op('(').Str("__setstate__").Global("os", "system").Op('u').Op('b'); what = "BUILD with __setstate__ = os.system"; break;
            case 10: p.Op(']').Op('q', 9).Op('h', 9).Op('a'); what = "a list that holds itself"; break;
            case 11:
                {
                    int depth = new[] { 1_000, 100_000, 1_000_000 }[rng.Next(3)];
                    p.Op(']');
                    for (int i = 1; i < depth; i++) p.Op(']');
                    for (int i = 1; i < depth; i++) p.Op('a');
                    what = $"lists nested {depth} deep";
                    break;
                }
            case 12:
                {
                    // A tuple nested a million deep as a dict key: read as the name of a non-tensor entry.
                    int depth = new[] { 10_000, 100_000, 1_000_000 }[rng.Next(3)];
                    p.Op('N');
                    p.Op('u').Op('(');
                    p.Op('K', 1);
                    for (int i = 0; i < depth; i++) p.Op(0x85);
                    p.Str("value");
                    what = $"a tuple key nested {depth} deep";
                    break;
                }
            case 13:
                {
                    // Claims: a string of 4 GiB, bytes of 2^62, a 2^31-byte int, a frame of 2^63.
                    int claim = rng.Next(4);
                    p.Op(claim switch { 0 => [(byte)'X', 0xff, 0xff, 0xff, 0xff], 1 => [0x8e, 0, 0, 0, 0, 0, 0, 0, 0x40], 2 => [0x8b, 0xff, 0xff, 0xff, 0x7f], _ => [0x95, 0, 0, 0, 0, 0, 0, 0, 0x80] });
                    what = $"huge length claim {claim}";
                    break;
                }
            case 14:
                {
                    int marks = new[] { 10_001, 200_000 }[rng.Next(2)];
                    for (int i = 0; i < marks; i++) p.Op('(');
                    what = $"{marks} MARKs";
                    break;
                }
            case 15:
                {
                    int items = new[] { 1_000_001, 2_000_000 }[rng.Next(2)];
                    p.Op(']').Op('(');
                    for (int i = 0; i < items; i++) p.Op('N');
                    p.Op('e');
                    what = $"APPENDS of {items} items";
                    break;
                }
            default:
                p.Op('I').Op(Encoding.ASCII.GetBytes(new string('9', 100_000) + "\n"));
                what = "a 100000-digit INT";
                break;
        }
        p.Op('u').Op('.');
        var data = new byte[16];
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), i);
        return PickleBytes.Archive([("archive/data.pkl", p.ToArray()), ("archive/data/0", data), ("archive/byteorder", "little"u8.ToArray())]);
    }
}
