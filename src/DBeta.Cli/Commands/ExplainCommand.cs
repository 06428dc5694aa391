using DBeta.MLNet;
using System.CommandLine;
using System.Globalization;
using Microsoft.ML;

namespace DBeta.Cli.Commands;

/// <summary>
/// <c>dbeta explain</c>: which lead and which half second of one ECG drive a probe's probability or a zero-shot score,
/// by occlusion, drawn over the 12-lead printout.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var input = new EcgInputArguments(fitByDefault: true);
        var model = new Option<string>("--model") { Description = "The ECG encoder (dbeta-ecg.onnx)", Required = true };
        var index = new Option<int>("--index") { Description = "Row of the ECG to explain (0-based)", DefaultValueFactory = _ => 0 };
        var probe = new Option<string?>("--probe") { Description = "A probe saved by 'dbeta probe --save' (with --label)" };
        var label = new Option<string?>("--label") { Description = "The probe's label to explain (its Probability.<label>)" };
        var prompt = new Option<string?>("--prompt") { Description = "Zero-shot: the sentence whose score is explained, with --text-model and --tokenizer" };
        var textModel = new Option<string?>("--text-model") { Description = "The text encoder (dbeta-text.onnx), for --prompt" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "T5 SentencePiece model (spiece.model), for --prompt" };
        var window = new Option<double>("--window") { Description = "Seconds per occluded window", DefaultValueFactory = _ => new EcgOcclusionOptions().WindowSeconds };
        var fill = new Option<EcgOcclusionFill>("--fill") { Description = "What replaces an occluded stretch: Zero (0 mV) or LeadMedian (the lead's baseline)", DefaultValueFactory = _ => EcgOcclusionFill.Zero };
        var output = new Option<string>("--out") { Description = "The PNG to write: the 12-lead printout with the map over it", Required = true };
        var command = new Command("explain", "Show which leads and half seconds of one ECG drive a probe's or a zero-shot score (occlusion), over its 12-lead printout");
        input.AddTo(command);
        foreach (var option in new Option[] { model, index, probe, label, prompt, textModel, tokenizer, window, fill, output }) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            bool byProbe = result.GetValue(probe) is not null, byPrompt = result.GetValue(prompt) is not null;
            if (byProbe == byPrompt) result.AddError("explain one score: --probe probe.zip --label L, or --prompt \"...\" --text-model M --tokenizer spiece.model");
            if (byProbe && result.GetValue(label) is null) result.AddError("--probe needs --label (the probe's label to explain)");
            if (byPrompt && (result.GetValue(textModel) is null || result.GetValue(tokenizer) is null)) result.AddError("--prompt needs --text-model and --tokenizer");
        });
        command.SetAction(parse =>
        {
            // Checked here, not in a validator: validators see an option left out as 0, not as its default.
            if (!(parse.GetValue(window) > 0))
            {
                Console.Error.WriteLine("error: --window must be a positive number of seconds");
                return 1;
            }
            var ml = new MLContext(seed: 1);
            var ecgs = input.Load(ml, parse);
            int row = EcgInputArguments.RowOf(parse, index, ecgs);
            var embed = ml.Transforms.PrepareEcgForDBeta(ecgs.SampleRate).Append(ml.Transforms.EmbedEcgWithDBeta(parse.GetValue(model)!)).Fit(ecgs);
            ITransformer scorer;
            string scoreColumn;
            if (parse.GetValue(probe) is string probePath)
            {
                if (!File.Exists(probePath)) throw new FileNotFoundException($"probe not found: {probePath}", probePath);
                scorer = embed.Append(ml.Model.Load(probePath, out _));
                scoreColumn = "Probability." + parse.GetValue(label);
            }
            else
            {
                var prompts = new PromptSet([new KeyValuePair<string, string>("prompt", parse.GetValue(prompt)!)]);
                var embedded = embed.Transform(ecgs);
                scorer = embed.Append(ml.Transforms.ScoreEcgZeroShot(parse.GetValue(textModel)!, parse.GetValue(tokenizer)!, prompts).Fit(embedded));
                scoreColumn = DBetaColumnNames.Scores;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            EcgOcclusionMap map;
            try
            {
                map = ml.Model.ExplainEcgByOcclusion(scorer, ecgs, row, new EcgOcclusionOptions
                {
                    ScoreColumnName = scoreColumn,
                    WindowSeconds = parse.GetValue(window),
                    Fill = parse.GetValue(fill),
                });
            }
            catch (ArgumentOutOfRangeException e) when (e.ParamName == "options")
            {
                // The probe has no such label: say which it has.
                UserError.Print(e);
                return 1;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            string outPath = parse.GetValue(output)!;
            EcgPlot.Save(ecgs, row, map, outPath);
            var (lead, strongest) = map.Strongest();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"record {map.Id}: {map.ScoreName} = {map.Score:0.0000}"));
            Console.WriteLine("score drop with the lead occluded: " + string.Join("  ", Enumerable.Range(0, DBetaConfig.LeadCount)
                .Select(l => string.Create(CultureInfo.InvariantCulture, $"{EcgLeads.Standard[l]} {map.LeadDrops[l]:+0.000;-0.000;0.000}"))));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"largest window drop: lead {EcgLeads.Standard[lead]}, {strongest * map.WindowSeconds:0.##}-{(strongest + 1) * map.WindowSeconds:0.##} s ({map.WindowDrop(lead, strongest):+0.000;-0.000;0.000})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {outPath}: {map.ForwardPasses} ECGs scored in {seconds:F1} s"));
            return 0;
        });
        return command;
    }
}
