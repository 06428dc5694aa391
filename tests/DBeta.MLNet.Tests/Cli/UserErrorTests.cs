using System.Reflection;
using DBeta.Cli;
using Microsoft.ML;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary>
/// <see cref="UserError"/>: a data error raised on one of ML.NET's worker threads reaches the caller wrapped, and the CLI
/// prints the typed error inside as one line.
/// </summary>
[TestClass]
public sealed class UserErrorTests
{
    private static readonly string NanFile = RepoPaths.Fixture("data", "hdf5", "code_nan_inf.h5");

    [TestMethod]
    public void TheTypedErrorInsideATrainersWrappingIsFound()
    {
        // An ML.NET trainer reading a view whose third record holds a NaN: the EcgDataException comes back two InvalidOperationExceptions deep.
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadEcgFromHdf5(NanFile);
        var data = ml.Transforms.CustomMapping<IdRow, LabelRow>((i, o) => o.Label = i.Id.Length % 2 == 0, null)
            .Append(ml.Transforms.CopyColumns("Features", DBetaColumnNames.Ecg)).Fit(view).Transform(view);
        var wrapped = Assert.Throws<InvalidOperationException>(() => ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(data));
        Assert.IsNotInstanceOfType<DBetaException>(wrapped.InnerException, "ML.NET wraps the data error more than once");

        var found = Assert.IsInstanceOfType<EcgDataException>(UserError.Find(wrapped));
        Assert.AreEqual(NanFile, found.FilePath);
        StringAssert.Contains(found.Message, "lead aVL sample 17 is NaN");
    }

    [TestMethod]
    public void AggregatesAndReflectionWrappersAreSearchedAndOtherErrorsAreNot()
    {
        var typed = new EcgDataException("a.h5", "record 3: lead V2 sample 9 is NaN");
        var missing = new FileNotFoundException("b.h5: not found", "b.h5");
        Assert.AreSame(typed, UserError.Find(new AggregateException(new IOException("disk"), new TargetInvocationException(typed))));
        Assert.AreSame(missing, UserError.Find(new InvalidOperationException("outer", new AggregateException(missing))));
        Assert.IsNull(UserError.Find(new InvalidOperationException("a bug", new NullReferenceException())));
        Assert.IsTrue(UserError.IsCancellation(new InvalidOperationException("worker", new OperationCanceledException())));
        Assert.IsFalse(UserError.IsCancellation(new InvalidOperationException("worker")));
    }

    [TestMethod]
    public void CommandsPrintADataErrorAsOneLine()
    {
        using var temp = new TempFolder();
        foreach (string[] args in new[]
        {
            new[] { "embed", "--model", TinyModels.EcgModel, "--input", NanFile, "--out", temp.File("e.npy") },
            new[] { "zeroshot", "--ecg-model", TinyModels.EcgModel, "--text-model", TinyModels.TextModel, "--tokenizer", RepoPaths.Fixture("tokenizer", "clinical-unigram.model"),
                    "--input", NanFile, "--out", temp.File("s.csv") },
        })
        {
            var (code, _, error) = DBetaCli.Run(args);
            Assert.AreEqual(1, code, error);
            Assert.AreEqual($"error: {NanFile}: record 168405 (row 2): lead aVL sample 17 is NaN; fix the file or load it with InvalidValues = Drop to skip such records", error.Trim());
            Assert.IsFalse(File.Exists(temp.File("e.npy")) || File.Exists(temp.File("s.csv")), "no output");
        }
    }

    public sealed class IdRow
    {
        public string Id { get; set; } = "";
    }

    public sealed class LabelRow
    {
        public bool Label { get; set; }
    }
}
