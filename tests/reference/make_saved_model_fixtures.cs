// Writes tests/fixtures/saved-models/: model zips saved by the ML.NET and ONNX Runtime versions the repository pins when
// it runs, with their inputs and outputs, so that later versions are tested against zips users already have.
// Run from the repository root: dotnet run tests/reference/make_saved_model_fixtures.cs
// It uses DBeta.MLNet's public API only, as a user's program would.
#:project ../../src/DBeta.MLNet/DBeta.MLNet.csproj
#:property PublishAot=false

using System.Buffers.Binary;
using System.Text;
using DBeta.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

string root = Directory.GetCurrentDirectory();
string output = Path.Combine(root, "tests", "fixtures", "saved-models");
Directory.CreateDirectory(output);
var ml = new MLContext(seed: 1);

// 1. A fitted ECG embedding (tiny random-weight encoder), saved as ML.NET's OnnxTransformer.
string scratch = Directory.CreateTempSubdirectory("dbeta-saved-models-").FullName;
string ecgModel = Path.Combine(scratch, "dbeta-ecg.onnx");
DBetaModels.WriteRandomEcgModel(DBetaConfig.Tiny, ecgModel, seed: 42);
EcgRow[] rows = EcgRows(count: 4, samples: 1000, seed: 3);
var ecgs = ml.Data.LoadFromEnumerable(rows);
using (var embedder = ml.Transforms.EmbedEcgWithDBeta(ecgModel, batchSize: 4).Fit(ecgs))
{
    ml.Model.Save(embedder, ecgs.Schema, Path.Combine(output, "ecg-embedding.zip"));
    float[][] embeddings = embedder.Transform(ecgs).GetColumn<float[]>("Embedding").ToArray();
    WriteNpy(Path.Combine(output, "ecg-inputs.npy"), rows.Select(r => r.Ecg).ToArray());
    WriteNpy(Path.Combine(output, "ecg-embeddings.npy"), embeddings);
}
Directory.Delete(scratch, recursive: true);

// 2. Multi-label probes of each saveable head, trained on the committed probe fixture's embeddings.
string probes = Path.Combine(root, "tests", "fixtures", "probes");
var train = ml.Data.LoadEmbeddingsFromNpy(Path.Combine(probes, "train_embeddings.npy"), Path.Combine(probes, "train_labels.csv"));
var test = ml.Data.LoadEmbeddingsFromNpy(Path.Combine(probes, "test_embeddings.npy"), Path.Combine(probes, "test_labels.csv"));
foreach (var (head, name) in new[] { (ProbeHead.LbfgsLogisticRegression, "lbfgs"), (ProbeHead.FastTree, "fasttree"), (ProbeHead.LightGbm, "lightgbm") })
{
    var probe = ml.BinaryClassification.Trainers.MultiLabelProbe(new MultiLabelProbeOptions { Head = head, NumberOfTrees = 10, Seed = 1 }).Fit(train);
    ml.Model.Save(probe, train.Schema, Path.Combine(output, $"probe-{name}.zip"));
    WriteNpy(Path.Combine(output, $"probe-{name}-probabilities.npy"), probe.Transform(test).GetColumn<float[]>("Probabilities").ToArray());
}
Console.WriteLine($"wrote {output}");

static EcgRow[] EcgRows(int count, int samples, int seed)
{
    var random = new Random(seed);
    return Enumerable.Range(0, count).Select(i => new EcgRow
    {
        Id = $"ecg-{i}",
        Ecg = Enumerable.Range(0, 12 * samples).Select(t => (float)(Math.Sin(t * 0.01 * (1 + i % 5)) + 0.1 * random.NextDouble())).ToArray(),
    }).ToArray();
}

// float32 [rows, columns], C order, .npy version 1.0.
static void WriteNpy(string path, float[][] rows)
{
    string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.Length}, {rows[0].Length}), }}";
    header = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
    using var stream = File.Create(path);
    stream.Write([0x93, .. "NUMPY"u8, 1, 0]);
    Span<byte> length = stackalloc byte[2];
    BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
    stream.Write(length);
    stream.Write(Encoding.ASCII.GetBytes(header));
    Span<byte> value = stackalloc byte[4];
    foreach (float[] row in rows)
        foreach (float v in row)
        {
            BinaryPrimitives.WriteSingleLittleEndian(value, v);
            stream.Write(value);
        }
}

sealed class EcgRow
{
    public string Id { get; set; } = "";
    [VectorType(12 * 1000)] public float[] Ecg { get; set; } = [];
}
