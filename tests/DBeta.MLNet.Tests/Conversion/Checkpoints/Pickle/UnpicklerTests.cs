using System.Globalization;
using System.Numerics;
using System.Text;

namespace DBeta.MLNet.Tests.Conversion.Checkpoints.Pickle;

[TestClass]
public sealed class UnpicklerTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    public void ReadsWhatPythonWroteInEveryProtocol(int protocol)
    {
        string path = CheckpointFixtures.File($"protocol_{protocol}.pkl");
        object? value = Unpickler.Load(path, File.ReadAllBytes(path));
        string expected = File.ReadAllText(CheckpointFixtures.File("protocol_expected.txt")).TrimEnd('\n');
        Assert.AreEqual(expected, Canon(value));
    }

    [TestMethod]
    public void SharedReferencesStayShared()
    {
        string path = CheckpointFixtures.File("protocol_4.pkl");
        var root = (PickleDict)Unpickler.Load(path, File.ReadAllBytes(path))!;
        Assert.IsTrue(root.TryGetValue("shared", out object? shared));
        var pair = (List<object?>)shared!;
        Assert.AreSame(pair[0], pair[1], "the memo returns the same object, not a copy");
    }

    [TestMethod]
    public void GlobalsBecomeInertPlaceholders()
    {
        // Protocol 0: c os\nsystem\n ( S'touch x' t R .
        byte[] pickle = Encoding.ASCII.GetBytes("cos\nsystem\n(S'touch /tmp/x'\ntR.");
        var obj = (PickleObject)Unpickler.Load("evil.pkl", pickle)!;
        Assert.AreEqual("os.system", obj.TypeName);
        CollectionAssert.AreEqual(new object?[] { "touch /tmp/x" }, obj.Args);

        // Protocol 4 STACK_GLOBAL + NEWOBJ + BUILD, as argparse.Namespace is pickled.
        byte[] ns = [0x80, 4, 0x8c, 8, .. "argparse"u8, 0x8c, 9, .. "Namespace"u8, 0x93, (byte)')', 0x81,
                     (byte)'}', 0x8c, 2, .. "lr"u8, (byte)'G', .. BitConverter.GetBytes(0.5).Reverse(), (byte)'s', (byte)'b', (byte)'.'];
        var nsObj = (PickleObject)Unpickler.Load("ns.pkl", ns)!;
        Assert.AreEqual("argparse.Namespace", nsObj.TypeName);
        var state = (PickleDict)nsObj.State!;
        Assert.IsTrue(state.TryGetValue("lr", out object? lr));
        Assert.AreEqual(0.5, lr);
    }

    [TestMethod]
    public void AnUnknownOpcodeIsNamedWithItsByte()
    {
        var e = Assert.ThrowsExactly<ModelFormatException>(() => Unpickler.Load("sample.pt", [0x80, 2, (byte)']', 0xff, (byte)'.']));
        Assert.AreEqual("sample.pt: pickle opcode 0xff at byte 3 is not a pickle opcode", e.Message);
        Assert.AreEqual("sample.pt", e.FilePath);
    }

    [TestMethod]
    [DataRow(new byte[] { 0x80, 2, (byte)'h', 5, (byte)'.' }, "reads memo entry 5, which was never stored", DisplayName = "memo get unset")]
    [DataRow(new byte[] { 0x80, 2, (byte)'q', 0, (byte)'.' }, "reads an empty stack", DisplayName = "memo put on empty stack")]
    [DataRow(new byte[] { 0x80, 2, (byte)'.' }, "pops an empty stack", DisplayName = "stop on empty stack")]
    [DataRow(new byte[] { 0x80, 2, (byte)'K', 1, (byte)'a', (byte)'.' }, "APPEND at byte 4: reads an empty stack", DisplayName = "append without target")]
    [DataRow(new byte[] { 0x80, 2, (byte)']', (byte)'(', (byte)'K', 1, (byte)'a', (byte)'.' }, "reads past a MARK", DisplayName = "append across mark")]
    [DataRow(new byte[] { 0x80, 2, (byte)'K', 1, (byte)'K', 2, (byte)'a', (byte)'.' }, "appends to an int, not a list", DisplayName = "append to int")]
    [DataRow(new byte[] { 0x80, 2, (byte)']', (byte)'K', 1, (byte)'K', 2, (byte)'s', (byte)'.' }, "sets items on a list", DisplayName = "setitem on list")]
    [DataRow(new byte[] { 0x80, 2, (byte)'(', (byte)'K', 1, (byte)'d', (byte)'.' }, "odd number of items", DisplayName = "odd dict")]
    [DataRow(new byte[] { 0x80, 2, (byte)'e', (byte)'.' }, "has no MARK", DisplayName = "appends without mark")]
    [DataRow(new byte[] { 0x80, 9, (byte)'N', (byte)'.' }, "protocol 9", DisplayName = "future protocol")]
    [DataRow(new byte[] { 0x80, 4, 0x95, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, (byte)'N', (byte)'.' }, "frame of 4294967295 bytes", DisplayName = "huge frame")]
    [DataRow(new byte[] { 0x80, 4, (byte)'X', 0xff, 0xff, 0xff, 0x7f, (byte)'a', (byte)'.' }, "claims 2147483647 bytes", DisplayName = "huge string")]
    [DataRow(new byte[] { 0x80, 4, 0x8e, 0, 0, 0, 0, 0, 0, 0, 0x80, (byte)'.' }, "claims 9223372036854775808 bytes", DisplayName = "huge bytes8")]
    [DataRow(new byte[] { 0x80, 2, 0x8b, 0xff, 0xff, 0xff, 0x7f, 1 }, "more than the 65536 accepted", DisplayName = "huge long4")]
    [DataRow(new byte[] { 0x80, 2, (byte)'K', 1, (byte)')', (byte)'R', (byte)'.' }, "calls an int", DisplayName = "call an int")]
    [DataRow(new byte[] { 0x80, 2, (byte)'K', 1 }, "without a STOP opcode", DisplayName = "no stop")]
    [DataRow(new byte[] { 0x80, 2, (byte)'c', (byte)'o', (byte)'s' }, "no end of line", DisplayName = "cut global")]
    [DataRow(new byte[] { 0x80, 2, (byte)'J', 1, 2 }, "needs 4 more bytes, but the pickle ends after 2", DisplayName = "cut binint")]
    [DataRow(new byte[] { 0x80, 5, 0x97, (byte)'.' }, "out-of-band buffer", DisplayName = "next buffer")]
    [DataRow(new byte[] { 0x80, 2, 0x82, 7, (byte)'.' }, "extension code 7", DisplayName = "extension")]
    [DataRow(new byte[] { 0x80, 2, (byte)'N', (byte)'N', (byte)'b', (byte)'.' }, "sets the state of None", DisplayName = "build on None")]
    [DataRow(new byte[] { 0x80, 4, (byte)'K', 1, (byte)'K', 2, 0x93, (byte)'.' }, "needs two strings", DisplayName = "stack global ints")]
    [DataRow(new byte[] { 0x80, 4, 0x8c, 2, 0xc3, 0x28, (byte)'.' }, "not valid UTF-8", DisplayName = "bad utf8")]
    [DataRow(new byte[] { (byte)'I', (byte)'x', (byte)'\n', (byte)'.' }, "not an integer", DisplayName = "bad text int")]
    public void MalformedPicklesRaiseModelFormatException(byte[] pickle, string problem)
    {
        var e = Assert.ThrowsExactly<ModelFormatException>(() => Unpickler.Load("bad.pkl", pickle));
        Assert.AreEqual("bad.pkl", e.FilePath);
        StringAssert.StartsWith(e.Message, "bad.pkl: pickle ");
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void NestingIsBoundedWithoutRecursion()
    {
        int depth = Unpickler.MaxNesting + 1;
        byte[] marks = [0x80, 2, .. Enumerable.Repeat((byte)'(', depth), (byte)'.'];
        var e = Assert.ThrowsExactly<ModelFormatException>(() => Unpickler.Load("deep.pkl", marks));
        StringAssert.Contains(e.Message, $"deeper than {Unpickler.MaxNesting} levels");

        // A list nested 200,000 deep through APPEND needs no MARK and no recursion: it loads.
        const int lists = 200_000;
        var nested = new List<byte> { 0x80, 2 };
        for (int i = 0; i < lists; i++) nested.Add((byte)']');
        for (int i = 0; i < lists - 1; i++) nested.Add((byte)'a');
        nested.Add((byte)'.');
        var outer = (List<object?>)Unpickler.Load("nested.pkl", nested.ToArray())!;
        int levels = 1;
        for (var l = outer; l.Count > 0; l = (List<object?>)l[0]!) levels++;
        Assert.AreEqual(lists, levels);
    }

    [TestMethod]
    public void TheStackIsBounded()
    {
        byte[] pickle = [0x80, 2, .. Enumerable.Repeat((byte)'N', Unpickler.MaxStackDepth + 1), (byte)'.'];
        var e = Assert.ThrowsExactly<ModelFormatException>(() => Unpickler.Load("wide.pkl", pickle));
        StringAssert.Contains(e.Message, "more than 1000000 values on the stack");
    }

    [TestMethod]
    public void ContainerItemsAreBounded()
    {
        // [] then APPENDS batches of 1000 Nones, past MaxItems: one input byte per item, so a small file cannot fill memory.
        const int batch = 1000;
        int batches = Unpickler.MaxItems / batch + 1;
        var pickle = new byte[3 + batches * (batch + 2) + 1];
        pickle[0] = 0x80;
        pickle[1] = 2;
        pickle[2] = (byte)']';
        int at = 3;
        for (int b = 0; b < batches; b++)
        {
            pickle[at++] = (byte)'(';
            Array.Fill(pickle, (byte)'N', at, batch);
            at += batch;
            pickle[at++] = (byte)'e';
        }
        pickle[at] = (byte)'.';
        var e = Assert.ThrowsExactly<ModelFormatException>(() => Unpickler.Load("many.pkl", pickle));
        StringAssert.Contains(e.Message, $"more than {Unpickler.MaxItems} items");
    }

    [TestMethod]
    public void ASelfReferencingListLoadsWithoutLooping()
    {
        // l = []; l.append(l)
        byte[] pickle = [0x80, 2, (byte)']', (byte)'q', 0, (byte)'h', 0, (byte)'a', (byte)'.'];
        var list = (List<object?>)Unpickler.Load("cycle.pkl", pickle)!;
        Assert.AreSame(list, list[0]);
    }

    [TestMethod]
    public void EveryTruncationFailsCleanly()
    {
        string path = CheckpointFixtures.File("protocol_2.pkl");
        byte[] full = File.ReadAllBytes(path);
        for (int length = 0; length < full.Length; length += full.Length < 4000 ? 1 : 13)
        {
            var e = Assert.ThrowsExactly<ModelFormatException>(() => Unpickler.Load("cut.pkl", full[..length]), $"cut at {length}");
            Assert.AreEqual("cut.pkl", e.FilePath);
        }
    }

    /// <summary>The same canonical text tests/reference/make_checkpoint_fixtures.py prints (canon()).</summary>
    private static string Canon(object? value) => value switch
    {
        null => "None",
        true => "True",
        false => "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        double d => "f" + BitConverter.DoubleToUInt64Bits(d).ToString("x16", CultureInfo.InvariantCulture),
        string s => JsonAscii(s),
        byte[] bytes => "b'" + Convert.ToHexStringLower(bytes) + "'",
        List<object?> list => "[" + string.Join(",", list.Select(Canon)) + "]",
        object?[] tuple => "(" + string.Join(",", tuple.Select(Canon)) + ")",
        PickleDict dict => "{" + string.Join(",", dict.Items.Select(kv => Canon(kv.Key) + ":" + Canon(kv.Value))) + "}",
        PickleSet set => (set.IsFrozen ? "frozenset" : "set") + "{" + string.Join(",", set.Items.Select(Canon).Order(StringComparer.Ordinal)) + "}",
        _ => throw new AssertFailedException($"unexpected {value.GetType().Name} in the pickle"),
    };

    private static string JsonAscii(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' or > '~' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
