using DBeta.MLNet;
using System.CommandLine;
using System.Text;

namespace DBeta.Cli.Commands;

/// <summary><c>dbeta tokenize</c>: the T5 token ids D-BETA's text encoder gets for a text, optionally with their pieces.</summary>
internal static class TokenizeCommand
{
    public static Command Create()
    {
        var tokenizerOption = new Option<string>("--tokenizer")
        {
            Description = "T5 SentencePiece model (Flan-T5's spiece.model)",
            Required = true,
        };
        var noLowercaseOption = new Option<bool>("--no-lowercase")
        {
            Description = "Tokenize the text as given (D-BETA lowercases prompts, and so does this command by default)",
        };
        var piecesOption = new Option<bool>("--pieces")
        {
            Description = "Print one token per line: id, then its piece",
        };
        var maxTokensOption = new Option<int>("--max-tokens")
        {
            Description = "Longest sequence, </s> included; longer texts are truncated",
            DefaultValueFactory = _ => DBetaTextTokenizerOptions.Default.MaxTokens,
        };
        var textArgument = new Argument<string[]>("text")
        {
            Description = "Text(s) to tokenize; one output line per text (or one block per text with --pieces)",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new Command("tokenize", "Print the Flan-T5 token ids (and pieces) of texts, as D-BETA's text encoder receives them");
        command.Options.Add(tokenizerOption);
        command.Options.Add(noLowercaseOption);
        command.Options.Add(piecesOption);
        command.Options.Add(maxTokensOption);
        command.Arguments.Add(textArgument);
        command.SetAction(parseResult =>
        {
            var options = new DBetaTextTokenizerOptions
            {
                Lowercase = !parseResult.GetValue(noLowercaseOption),
                MaxTokens = parseResult.GetValue(maxTokensOption),
            };
            var tokenizer = DBetaTextTokenizer.Load(parseResult.GetValue(tokenizerOption)!, options);
            bool pieces = parseResult.GetValue(piecesOption);
            string[] texts = parseResult.GetValue(textArgument)!;
            for (int t = 0; t < texts.Length; t++)
            {
                if (!pieces)
                {
                    Console.WriteLine(string.Join(' ', tokenizer.Encode(texts[t])));
                    continue;
                }
                if (t > 0) Console.WriteLine();
                foreach (TextToken token in tokenizer.Tokenize(texts[t]))
                    Console.WriteLine($"{token.Id}\t{Printable(token.Piece)}");
            }
            return 0;
        });
        return command;
    }

    // Unknown pieces can hold control characters; show them as \uXXXX so each token stays on its line.
    private static string Printable(string piece)
    {
        if (!piece.Any(char.IsControl)) return piece;
        var text = new StringBuilder(piece.Length + 8);
        foreach (char c in piece)
            text.Append(char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString());
        return text.ToString();
    }
}
