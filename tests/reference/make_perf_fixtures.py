#!/usr/bin/python3
"""Reference numbers for DBeta.MLNet's performance tooling and its int8 ECG encoder.

1. FLOPs of the ECG encoder, counted by running the PyTorch modules of make_dbeta_reference.py with hooks on every
   Conv1d and Linear and on torch.matmul (attention products): 2 FLOPs per multiply-add, per ECG.
2. Per-output-channel symmetric int8 quantisation of a small weight (scale = max|w| / 127, round half to even).
3. The tiny fixture model (tests/fixtures/onnx/dbeta-tiny-fp32.pt) run the way the int8 ONNX graph runs it, in NumPy:
   transformer Linear weights and the positional convolution's weight int8 per output channel, their inputs quantised
   at run time per tensor to uint8 (ONNX DynamicQuantizeLinear), integer products, then scaled back; everything else
   float32.

Written for DBeta.MLNet; nothing is taken from D-BETA, fairseq or ONNX Runtime.
Run with Debian's python (torch 1.13):  /usr/bin/python3 tests/reference/make_perf_fixtures.py
Writes tests/fixtures/perf/flops.json and tests/fixtures/perf/int8.json.
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_dbeta_reference as ref  # noqa: E402

OUT = os.path.join(HERE, "..", "fixtures", "perf")
ONNX_FIXTURES = os.path.join(HERE, "..", "fixtures", "onnx")

DBETA = dict(conv_channels=256, conv_layers=4, conv_kernel=2, conv_stride=2, width=768, layers=8, heads=12, ffn=3072,
             conv_pos=128, conv_pos_groups=16, hidden=768)
TINY = dict(conv_channels=32, conv_layers=4, conv_kernel=2, conv_stride=2, width=64, layers=2, heads=4, ffn=128,
            conv_pos=16, conv_pos_groups=4, hidden=32)  # DBetaConfig.Tiny


class EcgOnly(nn.Module):
    """The ECG side of D-BETA only (no text encoder), enough to count its work."""

    def __init__(self, c):
        super().__init__()
        self.ecg_encoder = ref.EcgEncoder(c)
        self.class_embedding = nn.Parameter(torch.zeros(c["width"]))
        self.multi_modal_ecg_proj = nn.Linear(c["width"], c["hidden"])
        self.pooler = nn.Linear(c["hidden"], c["hidden"])

    def forward(self, ecg):
        e = self.ecg_encoder
        x = e.feature_extractor(ecg).transpose(1, 2)
        x = e.post_extract_proj(e.layer_norm(x))
        x = x + e.conv_pos(x)
        cls = self.class_embedding.view(1, 1, -1).expand(x.shape[0], 1, -1)
        x = e.encoder.layer_norm(torch.cat([cls, x], dim=1))
        for layer in e.encoder.layers:
            x = layer(x)
        # The embedding uses only the class token, so only it is projected (as the ONNX graph does).
        return torch.tanh(self.pooler(self.multi_modal_ecg_proj(x[:, 0])))


def count_flops(c, samples):
    model = EcgOnly(c).eval()
    total = [0]

    def conv_hook(m, inp, out):
        total[0] += 2 * out.numel() * (m.in_channels // m.groups) * m.kernel_size[0]

    def linear_hook(m, inp, out):
        total[0] += 2 * out.numel() * m.in_features

    for m in model.modules():
        if isinstance(m, nn.Conv1d):
            m.register_forward_hook(conv_hook)
        elif isinstance(m, nn.Linear):
            m.register_forward_hook(linear_hook)
    plain_matmul = torch.matmul

    def counting_matmul(a, b):
        out = plain_matmul(a, b)
        total[0] += 2 * out.numel() * a.shape[-1]
        return out

    torch.matmul = counting_matmul
    try:
        with torch.no_grad():
            model(torch.zeros(1, ref.LEADS, samples))
    finally:
        torch.matmul = plain_matmul
    return total[0]


# ---------------------------------------------------------------- int8 ----

def quantize_weight(w_in_out):
    """[in, out] float32 -> (int8 values, float32 scale per out column)."""
    w = w_in_out.astype(np.float32)
    scale = (np.abs(w).max(axis=0) / np.float32(127)).astype(np.float32)
    scale = np.where(scale > 0, scale, np.float32(1)).astype(np.float32)
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale


def quantize_activation(x):
    """ONNX DynamicQuantizeLinear: uint8, scale = (max(x,0) - min(x,0)) / 255, zero point round(-min / scale)."""
    x = x.astype(np.float32)
    lo = np.float32(min(0.0, float(x.min())))
    hi = np.float32(max(0.0, float(x.max())))
    scale = np.float32((hi - lo) / np.float32(255))
    if scale == 0:
        return np.zeros(x.shape, np.uint8), np.float32(0), 0
    zero = int(np.clip(np.rint(-lo / scale), 0, 255))
    q = np.clip(np.rint(x / scale) + zero, 0, 255).astype(np.uint8)
    return q, scale, zero


def int8_linear(x, w_out_in, bias):
    """x [S, in] float32 -> [S, out]: DynamicQuantizeMatMul with per-column int8 weights."""
    q, w_scale = quantize_weight(w_out_in.T)
    xq, x_scale, x_zero = quantize_activation(x)
    acc = (xq.astype(np.int64) - x_zero) @ q.astype(np.int64)
    return (acc.astype(np.float64) * (np.float64(x_scale) * w_scale.astype(np.float64)) + bias).astype(np.float32)


def layer_norm(x, w, b, eps=1e-5):
    x = x.astype(np.float64)
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + eps) * w + b).astype(np.float32)


def gelu(x):
    x = x.astype(np.float64)
    return (0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))).astype(np.float32)


def positional_weight(conv):
    """The weight-normed weight w = g v / ||v|| (norm over out and in axes per tap), in float64 then float32 as the converter does."""
    v = conv.weight_v.detach().numpy().astype(np.float64)
    g = conv.weight_g.detach().numpy().astype(np.float64)
    return (v * (g / np.sqrt((v ** 2).sum(axis=(0, 1), keepdims=True)))).astype(np.float32)


def int8_conv(x, w, bias, groups):
    """x [W, T] float32 -> [W, T + 1] (pre-activation, before the even-kernel trim): int8 weight per output channel, uint8 input per tensor."""
    channels, kernel = w.shape[0], w.shape[2]
    q, scale = quantize_weight(w.reshape(channels, -1).T)  # per output channel = per column of the transpose
    q = q.T.reshape(w.shape)
    xq, x_scale, x_zero = quantize_activation(x)
    acc = F.conv1d(torch.from_numpy(xq.astype(np.float64) - x_zero)[None], torch.from_numpy(q.astype(np.float64)),
                   padding=kernel // 2, groups=groups)[0].numpy()  # exact integers in float64
    return (acc * (np.float64(x_scale) * scale.astype(np.float64))[:, None] + bias.astype(np.float64)[:, None]).astype(np.float32)


def int8_positional_conv(conv_pos, x):
    """x [1, T, W] -> GELU(grouped conv) [1, T, W] with int8 weights per output channel and a uint8 input per tensor."""
    conv = conv_pos.pos_conv[0]
    w = positional_weight(conv)
    y = int8_conv(x[0].numpy().T, w, conv.bias.detach().numpy(), conv.groups)
    if w.shape[2] % 2 == 0:
        y = y[:, :-1]
    return torch.from_numpy(gelu(y).T.copy())[None]


def int8_attention(x, attn, heads):
    """x [S, W] -> attention context before the output projection, Q/K/V projections int8 (QAttention)."""
    p = lambda t: t.detach().numpy().astype(np.float32)
    w_qkv = np.concatenate([p(attn.q_proj.weight), p(attn.k_proj.weight), p(attn.v_proj.weight)], axis=0)  # [3W, W]
    b_qkv = np.concatenate([p(attn.q_proj.bias), p(attn.k_proj.bias), p(attn.v_proj.bias)])
    qkv = int8_linear(x, w_qkv, b_qkv).astype(np.float64)
    s, width = x.shape
    d = width // heads
    q, k, v = (qkv[:, i * width:(i + 1) * width].reshape(s, heads, d).transpose(1, 0, 2) for i in range(3))
    scores = q @ k.transpose(0, 2, 1) / math.sqrt(d)
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    ctx = (scores / scores.sum(-1, keepdims=True)) @ v
    return ctx.transpose(1, 0, 2).reshape(s, width).astype(np.float32)


def int8_embed(model, ecg):
    """One ECG [12, T] through the fixture model with int8 transformer Linears, as the int8 ONNX graph computes it."""
    e = model.ecg_encoder
    with torch.no_grad():  # the float32 front end: convs, norms, projection, class token
        x = e.feature_extractor(ecg[None]).transpose(1, 2)
        x = e.post_extract_proj(e.layer_norm(x))
        x = x + int8_positional_conv(e.conv_pos, x)
        cls = model.class_embedding.view(1, 1, -1)
        x = e.encoder.layer_norm(torch.cat([cls, x], dim=1))[0].numpy()
    p = lambda t: t.detach().numpy().astype(np.float32)
    heads = ref.CFG["heads"]
    for layer in e.encoder.layers:
        a = layer.self_attn
        ctx = int8_attention(x, a, heads)
        attn = int8_linear(ctx, p(a.out_proj.weight), p(a.out_proj.bias))
        x = layer_norm(x + attn, p(layer.self_attn_layer_norm.weight), p(layer.self_attn_layer_norm.bias))
        h = gelu(int8_linear(x, p(layer.fc1.weight), p(layer.fc1.bias)))
        h = int8_linear(h, p(layer.fc2.weight), p(layer.fc2.bias))
        x = layer_norm(x + h, p(layer.final_layer_norm.weight), p(layer.final_layer_norm.bias))
    with torch.no_grad():
        proj = model.multi_modal_ecg_proj(torch.from_numpy(x[0]))
        return torch.tanh(model.unimodal_ecg_pooler.dense(proj)).numpy().astype(np.float64)


def main():
    torch.manual_seed(ref.SEED)
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)

    flops = {
        "about": "written by tests/reference/make_perf_fixtures.py: 2 x multiply-adds of every Conv1d, Linear and attention matmul, per ECG",
        "fixture": {str(n): count_flops(ref.CFG, n) for n in (5000, 2500, 1234)},
        "tiny": {"5000": count_flops(TINY, 5000)},
        "dbeta": {str(n): count_flops(DBETA, n) for n in (5000, 4096)},
    }
    with open(os.path.join(OUT, "flops.json"), "w") as f:
        json.dump(flops, f, indent=2)

    rng = np.random.RandomState(ref.SEED)
    w = (rng.randn(16, 12) * rng.uniform(0.01, 2.0, size=12)).astype(np.float32)  # [in, out], columns of mixed scale
    w[:, 5] = 0  # an all-zero column keeps scale 1
    w[3, 7] = np.float32(2.5) * np.abs(w[:, 7]).max()  # a column dominated by one value
    q, scale = quantize_weight(w)

    model = ref.DBeta(ref.CFG).eval()
    sd = torch.load(os.path.join(ONNX_FIXTURES, "dbeta-tiny-fp32.pt"))["model"]
    missing, unexpected = model.load_state_dict({k: v for k, v in sd.items() if k in model.state_dict()}, strict=False)
    assert not missing, missing
    ecgs = ref.ecg_input(3, 5000)
    with torch.no_grad():
        fp32 = model.embed_ecg(ecgs).double().numpy()
    int8 = np.stack([int8_embed(model, ecgs[i]) for i in range(ecgs.shape[0])])
    # Each int8 operator alone on a fixed input: with identical float inputs ONNX Runtime must agree to float rounding.
    unit_rng = np.random.RandomState(7)
    layer = model.ecg_encoder.encoder.layers[0]
    unit_x = unit_rng.randn(20, ref.CFG["width"]).astype(np.float32)
    conv = model.ecg_encoder.conv_pos.pos_conv[0]
    unit_conv_x = unit_rng.randn(ref.CFG["width"], 40).astype(np.float32)
    cos = [float(np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b)) for a, b in zip(fp32, int8)]
    print("int8 vs fp32 cosine on the fixture model:", cos)
    with open(os.path.join(OUT, "int8.json"), "w") as f:
        json.dump({
            "about": "written by tests/reference/make_perf_fixtures.py",
            "weight": w.astype(np.float64).tolist(),
            "weight_int8": q.astype(int).tolist(),
            "weight_scale": scale.astype(np.float64).tolist(),
            "ecg_5000_batch3_int8": int8.tolist(),
            "unit_x": unit_x.astype(np.float64).tolist(),
            "unit_fc1": int8_linear(unit_x, layer.fc1.weight.detach().numpy(), layer.fc1.bias.detach().numpy()).astype(np.float64).tolist(),
            "unit_attention": int8_attention(unit_x, layer.self_attn, ref.CFG["heads"]).astype(np.float64).tolist(),
            "unit_conv_x": unit_conv_x.astype(np.float64).tolist(),
            "unit_conv": int8_conv(unit_conv_x, positional_weight(conv), conv.bias.detach().numpy(), conv.groups).astype(np.float64).tolist(),
            "cosine_to_fp32": cos,
        }, f, indent=1)
    print(json.dumps(flops, indent=1))


if __name__ == "__main__":
    main()
