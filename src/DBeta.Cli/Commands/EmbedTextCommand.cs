using DBeta.MLNet;
using System.CommandLine;

namespace DBeta.Cli.Commands;

/// <summary><c>dbeta embed-text</c>: embeds a prompt set with D-BETA's text encoder into a <c>[K, D]</c> float32 .npy.</summary>
internal static class EmbedTextCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The text encoder: dbeta-text.onnx from 'dbeta convert'", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "T5 SentencePiece model (Flan-T5's spiece.model)", Required = true };
        var prompts = new Option<string?>("--prompts") { Description = "Prompts JSON, {\"LABEL\": \"description\", ...} (D-BETA's context_llm.json layout); default: this project's six CODE prompts" };
        var output = new Option<string>("--out") { Description = "Output .npy: [K, D] float32, one row per label in the prompt file's order", Required = true };
        var noLowercase = new Option<bool>("--no-lowercase") { Description = "Embed the prompts as written (D-BETA lowercases them, and so does this command by default)" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (default 0: the processors this process may use)" };
        var command = new Command("embed-text", "Embed prompt texts with D-BETA's text encoder (the class side of zero-shot scoring) into a .npy")
        {
            model, tokenizer, prompts, output, noLowercase, threads,
        };
        command.SetAction(parse =>
        {
            var promptSet = parse.GetValue(prompts) is { } path ? PromptSet.Load(path) : PromptSet.CodeDefaults;
            var embeddings = PromptEmbeddings.Compute(promptSet, parse.GetValue(model)!, parse.GetValue(tokenizer)!,
                DBetaTextTokenizerOptions.Default with { Lowercase = !parse.GetValue(noLowercase) },
                new OnnxExecutionOptions { IntraOpThreads = parse.GetValue(threads) });
            int width = embeddings.Labels.Max(l => l.Length);
            for (int i = 0; i < embeddings.Count; i++)
                Console.WriteLine($"{embeddings.Labels[i].PadRight(width)}  {embeddings.TokenCounts[i]} tokens");
            string outPath = parse.GetValue(output)!;
            NpyWriter.Write(outPath, embeddings.ToArray(), embeddings.Count, embeddings.Dimension);
            Console.WriteLine($"wrote {outPath}: [{embeddings.Count}, {embeddings.Dimension}] float32, rows in the order above");
            return 0;
        });
        return command;
    }
}
