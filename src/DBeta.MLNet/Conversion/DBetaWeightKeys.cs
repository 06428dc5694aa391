using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// State-dict key names of D-BETA's published checkpoint (<c>sample.pt</c>), shared by the converter and the
/// random-weight generator so both speak the same layout.
/// </summary>
internal static class DBetaWeightKeys
{
    // ---- ECG encoder (fairseq-signals style, wav2vec 2.0 front end) ----
    public static string ConvWeight(int i) => $"ecg_encoder.feature_extractor.conv_layers.{I(i)}.0.weight";
    public const string ConvGroupNormWeight = "ecg_encoder.feature_extractor.conv_layers.0.2.weight";
    public const string ConvGroupNormBias = "ecg_encoder.feature_extractor.conv_layers.0.2.bias";
    public const string FeatureNormWeight = "ecg_encoder.layer_norm.weight";
    public const string FeatureNormBias = "ecg_encoder.layer_norm.bias";
    public const string PostExtractProjWeight = "ecg_encoder.post_extract_proj.weight";
    public const string PostExtractProjBias = "ecg_encoder.post_extract_proj.bias";
    public const string PosConvG = "ecg_encoder.conv_pos.pos_conv.0.weight_g";
    public const string PosConvV = "ecg_encoder.conv_pos.pos_conv.0.weight_v";
    public const string PosConvG2 = "ecg_encoder.conv_pos.pos_conv.0.parametrizations.weight.original0";
    public const string PosConvV2 = "ecg_encoder.conv_pos.pos_conv.0.parametrizations.weight.original1";
    public const string PosConvBias = "ecg_encoder.conv_pos.pos_conv.0.bias";
    public const string ClassEmbedding = "class_embedding";
    public const string EncoderNormWeight = "ecg_encoder.encoder.layer_norm.weight";
    public const string EncoderNormBias = "ecg_encoder.encoder.layer_norm.bias";
    public static string EcgLayer(int layer, string rest) => $"ecg_encoder.encoder.layers.{I(layer)}.{rest}";
    public const string EcgProjWeight = "multi_modal_ecg_proj.weight";
    public const string EcgProjBias = "multi_modal_ecg_proj.bias";
    public const string EcgPoolerWeight = "unimodal_ecg_pooler.dense.weight";
    public const string EcgPoolerBias = "unimodal_ecg_pooler.dense.bias";

    // ---- Text encoder (Flan-T5 encoder, Hugging Face names) ----
    public const string SharedEmbedding = "language_encoder.shared.weight";
    public const string EncoderEmbedTokens = "language_encoder.encoder.embed_tokens.weight";
    public static string TextBlock(int block, string rest) => $"language_encoder.encoder.block.{I(block)}.{rest}";
    public const string RelativeAttentionBias = "language_encoder.encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight";
    public const string TextFinalNorm = "language_encoder.encoder.final_layer_norm.weight";
    public const string TextProjWeight = "multi_modal_language_proj.weight";
    public const string TextProjBias = "multi_modal_language_proj.bias";
    public const string TextPoolerWeight = "unimodal_language_pooler.dense.weight";
    public const string TextPoolerBias = "unimodal_language_pooler.dense.bias";

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
}
