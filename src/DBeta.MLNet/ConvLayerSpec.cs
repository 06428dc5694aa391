namespace DBeta.MLNet;

/// <summary>One feature-extractor convolution of <c>conv_feature_layers</c>: output channels, kernel width and stride.</summary>
/// <param name="Channels">Output channels.</param>
/// <param name="Kernel">Kernel width in samples.</param>
/// <param name="Stride">Stride in samples.</param>
internal readonly record struct ConvLayerSpec(int Channels, int Kernel, int Stride);
