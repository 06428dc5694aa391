using DBeta.MLNet;
using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.Cli.Commands;

/// <summary>
/// <c>dbeta search</c>: the records of an embeddings file nearest to one ECG (<c>--input FILE --index I --model</c>) or to
/// a sentence (<c>--query-text</c> with the text encoder), by cosine, exact and streamed.
/// </summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var input = new EcgInputArguments(fitByDefault: true);
        input.Input.Required = false;
        input.Input.Description = "The query ECG's file (CODE HDF5, WFDB record or folder, .npy); with --index and --model";
        var embeddings = new Option<string>("--embeddings") { Description = "Embeddings to search: .parquet from 'dbeta embed'/'dbeta merge', or .npy (with --ids for its ids)", Required = true };
        var ids = new Option<string?>("--ids") { Description = "With a .npy --embeddings: its Id,SourceFile,RowIndex CSV from 'dbeta embed --ids'" };
        var index = new Option<int>("--index") { Description = "Row of the query ECG in --input (0-based)", DefaultValueFactory = _ => 0 };
        var model = new Option<string?>("--model") { Description = "The ECG encoder (dbeta-ecg.onnx), for an ECG query" };
        var queryText = new Option<string?>("--query-text") { Description = "A sentence to search for (lowercased, as D-BETA does), with --text-model and --tokenizer" };
        var textModel = new Option<string?>("--text-model") { Description = "The text encoder (dbeta-text.onnx), for a text query" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "T5 SentencePiece model (spiece.model), for a text query" };
        var top = new Option<int>("--top") { Description = "How many matches to print", DefaultValueFactory = _ => 10 };
        var command = new Command("search", "Find the records nearest to an ECG or a sentence in an embeddings file (cosine, exact, streamed)");
        input.AddTo(command);
        foreach (var option in new Option[] { embeddings, ids, index, model, queryText, textModel, tokenizer, top }) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            bool ecg = result.GetValue(input.Input) is not null, text = result.GetValue(queryText) is not null;
            if (ecg == text) result.AddError("give one query: --input FILE [--index I] --model M (an ECG), or --query-text \"...\" --text-model M --tokenizer spiece.model");
            if (ecg && result.GetValue(model) is null) result.AddError("an ECG query needs --model (dbeta-ecg.onnx)");
            if (text && (result.GetValue(textModel) is null || result.GetValue(tokenizer) is null)) result.AddError("a text query needs --text-model and --tokenizer");
        });
        command.SetAction(parse =>
        {
            // Checked here, not in a validator: validators see an option left out as 0, not as its default.
            if (parse.GetValue(top) <= 0)
            {
                Console.Error.WriteLine("error: --top must be positive");
                return 1;
            }
            string path = parse.GetValue(embeddings)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"embeddings file not found: {path}", path);
            var ml = new MLContext();
            float[] query;
            string what;
            if (parse.GetValue(queryText) is string sentence)
            {
                var prompt = new PromptSet([new KeyValuePair<string, string>("query", sentence)]);
                var embedded = PromptEmbeddings.Compute(prompt, parse.GetValue(textModel)!, parse.GetValue(tokenizer)!);
                query = embedded[0].ToArray();
                what = $"\"{sentence}\"";
            }
            else
            {
                var ecgs = input.Load(ml, parse);
                int row = EcgInputArguments.RowOf(parse, index, ecgs);
                var one = ml.Data.TakeRows(row > 0 ? ml.Data.SkipRows(ecgs, row) : ecgs, 1); // ML.NET's SkipRows refuses 0
                var pipeline = ml.Transforms.PrepareEcgForDBeta(ecgs.SampleRate).Append(ml.Transforms.EmbedEcgWithDBeta(parse.GetValue(model)!));
                var output = pipeline.Fit(one).Transform(one);
                query = output.GetColumn<VBuffer<float>>(DBetaColumnNames.Embedding).Single().DenseValues().ToArray();
                what = $"record {output.GetColumn<ReadOnlyMemory<char>>(DBetaColumnNames.Id).Single()} (row {row} of {ecgs.Path})";
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var matches = ml.Data.SearchEmbeddings(path, query, parse.GetValue(top), parse.GetValue(ids));
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"nearest to {what} in {path} ({seconds.ToString("F2", CultureInfo.InvariantCulture)} s):");
            int width = Math.Max(2, matches.Count == 0 ? 2 : matches.Max(m => m.Id.Length));
            Console.WriteLine($"{"rank",4}  {"id".PadRight(width)}  {"cosine",7}  source");
            for (int i = 0; i < matches.Count; i++)
            {
                var m = matches[i];
                string source = m.SourceFile.Length == 0 ? $"row {m.Row}" : $"{m.SourceFile} row {m.RowIndex}";
                Console.WriteLine($"{i + 1,4}  {m.Id.PadRight(width)}  {m.Cosine.ToString("0.0000", CultureInfo.InvariantCulture),7}  {source}");
            }
            return 0;
        });
        return command;
    }
}
