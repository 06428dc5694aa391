using System.Text.Json;

namespace DBeta.MLNet;

/// <summary>Reads D-BETA's <c>config.json</c> into a <see cref="DBetaConfig"/>.</summary>
internal static class DBetaConfigFile
{
    private const long MaxBytes = 16 << 20;

    public static DBetaConfig Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"config file not found: {path}", path);
        if (info.Length > MaxBytes) throw new ModelFormatException(path, $"{info.Length} bytes is too large for a config file");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, "not valid JSON: " + e.Message, e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ModelFormatException(path, "expected a JSON object");
            var model = root.TryGetProperty("model", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
            try
            {
                return FromModelSection(model, path);
            }
            catch (InvalidOperationException e)
            {
                // JsonElement checks a string's encoding only when it is read: invalid UTF-8 or a lone surrogate escape ends here.
                throw new ModelFormatException(path, $"a value is not valid text (invalid UTF-8 or an unpaired \\u surrogate escape): {e.Message}", e);
            }
        }
    }

    private static DBetaConfig FromModelSection(JsonElement model, string path)
    {
        var c = DBetaConfig.Default;
        c = c with
        {
            EncoderLayers = Int(model, "encoder_layers", c.EncoderLayers, path),
            EncoderEmbedDim = Int(model, "encoder_embed_dim", c.EncoderEmbedDim, path),
            EncoderFfnDim = Int(model, "encoder_ffn_embed_dim", c.EncoderFfnDim, path),
            EncoderAttentionHeads = Int(model, "encoder_attention_heads", c.EncoderAttentionHeads, path),
            ConvPosKernel = Int(model, "conv_pos", c.ConvPosKernel, path),
            ConvPosGroups = Int(model, "conv_pos_groups", c.ConvPosGroups, path),
            EmbeddingDim = Int(model, "hidden_dim", c.EmbeddingDim, path),
        };
        if (c.EncoderEmbedDim % c.EncoderAttentionHeads != 0)
            throw new ModelFormatException(path, $"encoder_embed_dim {c.EncoderEmbedDim} is not a multiple of encoder_attention_heads {c.EncoderAttentionHeads}");

        if (model.TryGetProperty("conv_feature_layers", out var convText) && convText.ValueKind != JsonValueKind.Null)
        {
            if (convText.ValueKind != JsonValueKind.String)
                throw new ModelFormatException(path, $"'conv_feature_layers' is {convText.ValueKind}, expected a string such as \"[(256, 2, 2)] * 4\"");
            var layers = ConvLayerExpression.Parse(convText.GetString()!, path);
            c = c with { ConvFeatureLayers = layers };
        }
        return c;
    }

    private static int Int(JsonElement model, string key, int fallback, string path)
    {
        if (!model.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        int result;
        bool ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt32(out result),
            JsonValueKind.String => int.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out result),
            _ => (result = 0) != 0,
        };
        if (!ok || result <= 0)
            throw new ModelFormatException(path, $"'{key}' is {value.GetRawText()}, expected a positive integer");
        return result;
    }
}
