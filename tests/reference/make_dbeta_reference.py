#!/usr/bin/python3
"""Reference checkpoints and outputs for DBeta.MLNet's checkpoint -> ONNX converter.

Builds small PyTorch modules with the key names of D-BETA's published checkpoint (ECG encoder: wav2vec 2.0 style
conv front end + post-LN transformer; text encoder: a T5 v1.1 / Flan-T5 encoder), fills them with seeded random
weights, saves them the way torch.save does (fp32 and fp16, with unrelated extra entries and keys, one weight stored
as a strided view), and writes the embeddings these modules compute for fixed inputs.

Written for DBeta.MLNet from the architecture description in issue 3; nothing is taken from D-BETA, fairseq or HF.

Run with Debian's python (torch 1.13):  /usr/bin/python3 tests/reference/make_dbeta_reference.py
Writes tests/fixtures/onnx/: dbeta-tiny-fp32.pt, dbeta-tiny-fp16.pt, config.json, reference.json.
"""
import argparse
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "onnx")

# Small configuration (D-BETA itself: conv 256 x 4, width 768, 8 layers, 12 heads, ffn 3072, conv_pos 128 / 16 groups,
# Flan-T5-base width 768, 12 blocks, 12 heads, d_ff 2048). The T5 vocabulary stays 32128 so real token ids are valid.
CFG = dict(
    conv_channels=32, conv_layers=4, conv_kernel=2, conv_stride=2,
    width=96, layers=2, heads=6, ffn=192, conv_pos=16, conv_pos_groups=4,
    hidden=64,
    t5_width=32, t5_heads=4, t5_kv=8, t5_blocks=2, t5_ff=64, vocab=32128, buckets=32, max_distance=128,
)
# A second text encoder whose attention width (heads x d_kv = 40) differs from its model width (32), as in
# Flan-T5-small (6 x 64 = 384 vs 512); saved with only its text-side keys and a 100-token vocabulary.
NARROW = dict(CFG, t5_kv=10, t5_ff=48, vocab=100)
LEADS = 12
SEED = 20250


# ---------------------------------------------------------------- ECG encoder ----

class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(width, width)
        self.k_proj = nn.Linear(width, width)
        self.v_proj = nn.Linear(width, width)
        self.out_proj = nn.Linear(width, width)

    def forward(self, x):
        b, s, w = x.shape
        h = self.heads
        d = w // h
        q = self.q_proj(x).view(b, s, h, d).transpose(1, 2)
        k = self.k_proj(x).view(b, s, h, d).transpose(1, 2)
        v = self.v_proj(x).view(b, s, h, d).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d)
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v)
        return self.out_proj(ctx.transpose(1, 2).reshape(b, s, w))


class PostLnLayer(nn.Module):
    def __init__(self, width, heads, ffn):
        super().__init__()
        self.self_attn = Attention(width, heads)
        self.self_attn_layer_norm = nn.LayerNorm(width, eps=1e-5)
        self.fc1 = nn.Linear(width, ffn)
        self.fc2 = nn.Linear(ffn, width)
        self.final_layer_norm = nn.LayerNorm(width, eps=1e-5)

    def forward(self, x):
        x = self.self_attn_layer_norm(x + self.self_attn(x))
        return self.final_layer_norm(x + self.fc2(F.gelu(self.fc1(x))))


class TransformerStack(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer_norm = nn.LayerNorm(c["width"], eps=1e-5)
        self.layers = nn.ModuleList([PostLnLayer(c["width"], c["heads"], c["ffn"]) for _ in range(c["layers"])])


class ConvFeatures(nn.Module):
    def __init__(self, c):
        super().__init__()
        layers = []
        cin = LEADS
        for i in range(c["conv_layers"]):
            conv = nn.Conv1d(cin, c["conv_channels"], c["conv_kernel"], stride=c["conv_stride"], bias=False)
            if i == 0:  # index 2 = GroupNorm with one group per channel, as in the published keys
                layers.append(nn.Sequential(conv, nn.Dropout(0.0), nn.GroupNorm(c["conv_channels"], c["conv_channels"], eps=1e-5), nn.GELU()))
            else:
                layers.append(nn.Sequential(conv, nn.Dropout(0.0), nn.GELU()))
            cin = c["conv_channels"]
        self.conv_layers = nn.ModuleList(layers)

    def forward(self, x):
        for layer in self.conv_layers:
            x = layer(x)
        return x


class ConvPositions(nn.Module):
    def __init__(self, c):
        super().__init__()
        conv = nn.Conv1d(c["width"], c["width"], c["conv_pos"], padding=c["conv_pos"] // 2, groups=c["conv_pos_groups"])
        # weight norm over dim 2: one gain per kernel tap, the norm over the out and in axes
        conv = nn.utils.weight_norm(conv, name="weight", dim=2)
        self.pos_conv = nn.Sequential(conv)
        self.kernel = c["conv_pos"]

    def forward(self, x):  # x: [B, T, W]
        y = self.pos_conv(x.transpose(1, 2))
        if self.kernel % 2 == 0:
            y = y[:, :, :-1]
        return F.gelu(y).transpose(1, 2)


class EcgEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.feature_extractor = ConvFeatures(c)
        self.layer_norm = nn.LayerNorm(c["conv_channels"], eps=1e-5)
        self.post_extract_proj = nn.Linear(c["conv_channels"], c["width"])
        self.conv_pos = ConvPositions(c)
        self.encoder = TransformerStack(c)


# ---------------------------------------------------------------- T5 encoder ----

def rms_norm(x, weight, eps=1e-6):
    return x / torch.sqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def relative_bucket(relative, buckets, max_distance):
    """Bidirectional T5 buckets of key - query positions (float32 arithmetic, truncation)."""
    half = buckets // 2
    result = (relative > 0).to(torch.long) * half
    n = relative.abs()
    max_exact = half // 2
    is_small = n < max_exact
    large = max_exact + (torch.log(n.float() / max_exact) / math.log(max_distance / max_exact) * (half - max_exact)).to(torch.long)
    large = torch.minimum(large, torch.full_like(large, half - 1))
    return result + torch.where(is_small, n, large)


class T5SelfAttention(nn.Module):
    def __init__(self, c, has_bias):
        super().__init__()
        w = c["t5_width"]
        inner = c["t5_heads"] * c["t5_kv"]
        self.heads = c["t5_heads"]
        self.q = nn.Linear(w, inner, bias=False)
        self.k = nn.Linear(w, inner, bias=False)
        self.v = nn.Linear(w, inner, bias=False)
        self.o = nn.Linear(inner, w, bias=False)
        if has_bias:
            self.relative_attention_bias = nn.Embedding(c["buckets"], self.heads)


class T5AttentionLayer(nn.Module):
    def __init__(self, c, has_bias):
        super().__init__()
        self.SelfAttention = T5SelfAttention(c, has_bias)
        self.layer_norm = RmsWeight(c["t5_width"])


class DenseGatedGelu(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wi_0 = nn.Linear(c["t5_width"], c["t5_ff"], bias=False)
        self.wi_1 = nn.Linear(c["t5_width"], c["t5_ff"], bias=False)
        self.wo = nn.Linear(c["t5_ff"], c["t5_width"], bias=False)


class T5FeedForwardLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.DenseReluDense = DenseGatedGelu(c)
        self.layer_norm = RmsWeight(c["t5_width"])


class RmsWeight(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))


class T5Block(nn.Module):
    def __init__(self, c, index):
        super().__init__()
        self.layer = nn.ModuleList([T5AttentionLayer(c, index == 0), T5FeedForwardLayer(c)])


class T5Stack(nn.Module):
    def __init__(self, c, shared):
        super().__init__()
        self.embed_tokens = shared  # tied, as in Hugging Face's T5: both keys name one storage
        self.block = nn.ModuleList([T5Block(c, i) for i in range(c["t5_blocks"])])
        self.final_layer_norm = RmsWeight(c["t5_width"])


class LanguageEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.shared = nn.Embedding(c["vocab"], c["t5_width"])
        self.encoder = T5Stack(c, self.shared)


class Pooler(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.dense = nn.Linear(width, width)


# ---------------------------------------------------------------- D-BETA ----

class DBeta(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.ecg_encoder = EcgEncoder(c)
        self.class_embedding = nn.Parameter(torch.zeros(c["width"]))
        self.multi_modal_ecg_proj = nn.Linear(c["width"], c["hidden"])
        self.unimodal_ecg_pooler = Pooler(c["hidden"])
        self.language_encoder = LanguageEncoder(c)
        self.multi_modal_language_proj = nn.Linear(c["t5_width"], c["hidden"])
        self.unimodal_language_pooler = Pooler(c["hidden"])

    def embed_ecg(self, ecg):
        e = self.ecg_encoder
        x = e.feature_extractor(ecg).transpose(1, 2)
        x = e.post_extract_proj(e.layer_norm(x))
        x = x + e.conv_pos(x)
        cls = self.class_embedding.view(1, 1, -1).expand(x.shape[0], 1, -1)
        x = e.encoder.layer_norm(torch.cat([cls, x], dim=1))
        for layer in e.encoder.layers:
            x = layer(x)
        x = self.multi_modal_ecg_proj(x)
        return torch.tanh(self.unimodal_ecg_pooler.dense(x[:, 0]))

    def embed_text(self, ids, mask):
        c = self.c
        t5 = self.language_encoder.encoder
        h = t5.embed_tokens(ids)
        b, s, w = h.shape
        heads = c["t5_heads"]
        d = c["t5_kv"]
        pos = torch.arange(s)
        buckets = relative_bucket(pos[None, :] - pos[:, None], c["buckets"], c["max_distance"])
        bias = t5.block[0].layer[0].SelfAttention.relative_attention_bias(buckets)  # [S, S, H]
        bias = bias.permute(2, 0, 1)[None]  # [1, H, S, S]
        bias = bias + (1.0 - mask[:, None, None, :].float()) * -1e9  # padded keys get no weight
        for block in t5.block:
            att, ff = block.layer
            n = rms_norm(h, att.layer_norm.weight)
            sa = att.SelfAttention
            q = sa.q(n).view(b, s, heads, d).transpose(1, 2)
            k = sa.k(n).view(b, s, heads, d).transpose(1, 2)
            v = sa.v(n).view(b, s, heads, d).transpose(1, 2)
            scores = torch.matmul(q, k.transpose(-1, -2)) + bias  # T5: no 1/sqrt(d)
            ctx = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, s, heads * d)
            h = h + sa.o(ctx)
            n = rms_norm(h, ff.layer_norm.weight)
            dd = ff.DenseReluDense
            h = h + dd.wo(gelu_tanh(dd.wi_0(n)) * dd.wi_1(n))
        h = rms_norm(h, t5.final_layer_norm.weight)
        x = self.multi_modal_language_proj(h)
        return torch.tanh(self.unimodal_language_pooler.dense(x[:, 0]))


def randomize(model, gen):
    """Fan-in scaled uniform weights; norms near 1/0 but not exactly, so every affine term is exercised."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("weight_g"):
                continue
            if "norm" in name or name.endswith(".2.weight") or name.endswith(".2.bias"):
                base = 1.0 if name.endswith("weight") else 0.0
                p.copy_(base + 0.1 * torch.randn(p.shape, generator=gen))
            elif name == "class_embedding" or name.endswith("shared.weight"):
                p.copy_(torch.randn(p.shape, generator=gen))
            elif name.endswith("relative_attention_bias.weight"):
                p.copy_(torch.randn(p.shape, generator=gen))
            else:
                fan_in = p.shape[1] * (p.shape[2] if p.dim() == 3 else 1) if p.dim() > 1 else p.shape[0]
                bound = 1.0 / math.sqrt(fan_in)
                p.copy_((torch.rand(p.shape, generator=gen) * 2 - 1) * bound)
        conv = model.ecg_encoder.conv_pos.pos_conv[0]
        # gain != ||v||, so a converter that ignored weight_g would be caught
        norms = conv.weight_v.pow(2).sum(dim=(0, 1), keepdim=True).sqrt()
        conv.weight_g.copy_(norms * (0.5 + torch.rand(norms.shape, generator=gen)))


def ecg_input(batch, length):
    """Deterministic multi-sine ECG stand-in; DBeta.MLNet's tests compute the same formula in float64."""
    b = np.arange(batch, dtype=np.float64)[:, None, None]
    lead = np.arange(LEADS, dtype=np.float64)[None, :, None]
    t = np.arange(length, dtype=np.float64)[None, None, :]
    x = (0.5 + 0.1 * lead) * np.sin(2 * np.pi * (1.0 + 0.37 * lead + 0.11 * b) * t / 500.0 + 0.5 * lead + b) \
        + 0.3 * np.cos(2 * np.pi * 7.3 * t / 500.0 + b * lead)
    return torch.from_numpy(x.astype(np.float32))


def text_inputs(gen, lengths=(7, 40, 150), vocab=CFG["vocab"]):
    seqs = []
    for n in lengths:
        ids = torch.randint(2, vocab, (n - 1,), generator=gen).tolist() + [1]  # </s> = 1 ends each text
        seqs.append(ids)
    return seqs


def padded(seqs):
    s = max(len(x) for x in seqs)
    ids = torch.zeros(len(seqs), s, dtype=torch.long)
    mask = torch.zeros(len(seqs), s, dtype=torch.long)
    for i, x in enumerate(seqs):
        ids[i, :len(x)] = torch.tensor(x)
        mask[i, :len(x)] = 1
    return ids, mask


def outputs(model, seqs):
    with torch.no_grad():
        res = {
            "ecg_5000_batch3": model.embed_ecg(ecg_input(3, 5000)),
            "ecg_5000_batch1": model.embed_ecg(ecg_input(1, 5000)),
            "ecg_2500_batch3": model.embed_ecg(ecg_input(3, 2500)),
            "ecg_1234_batch1": model.embed_ecg(ecg_input(1, 1234)),
            # longer than the converter's DFT positional convolution takes: the graph falls back to its direct Conv
            "ecg_6000_batch2": model.embed_ecg(ecg_input(2, 6000)),
        }
        ids, mask = padded(seqs)
        res["text_batched"] = model.embed_text(ids, mask)
        res["text_alone"] = torch.cat([model.embed_text(*padded([x])) for x in seqs], dim=0)
    return {k: v.double().numpy().tolist() for k, v in res.items()}


def checkpoint(model, half):
    sd = model.state_dict()
    if half:
        converted = {}  # keep tied tensors tied: one fp16 copy per storage
        for k, v in list(sd.items()):
            if v.is_floating_point():
                ptr = v.data_ptr()
                if ptr not in converted:
                    converted[ptr] = v.half()
                sd[k] = converted[ptr]
    # Store one used weight as a transposed view (strides (1, rows)) so readers must honour strides.
    key = "multi_modal_ecg_proj.weight"
    sd[key] = sd[key].t().contiguous().t()
    assert not sd[key].is_contiguous()
    # Unrelated keys a real checkpoint carries: other heads, a scalar, an integer counter.
    sd["ecg_encoder.mask_emb"] = torch.zeros(CFG["width"], dtype=sd["class_embedding"].dtype)
    sd["logit_scale"] = torch.tensor(2.6592, dtype=sd["class_embedding"].dtype)
    sd["itm_head.weight"] = torch.ones(2, CFG["hidden"], dtype=sd["class_embedding"].dtype)
    sd["ecg_encoder.num_updates"] = torch.tensor(12345, dtype=torch.long)
    return {
        "model": sd,
        "args": argparse.Namespace(arch="dbeta_tiny", lr=[0.0001], seed=SEED),
        "epoch": 3,
        "optimizer_history": [{"criterion_name": "DBetaCriterion", "lr": 0.0001, "num_updates": 12345}],
        "extra_state": {"metrics": {"loss": np.float64(1.25)}, "train_iterator": {"epoch": 3}},
    }


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    gen = torch.Generator().manual_seed(SEED)
    model = DBeta(CFG).eval()
    randomize(model, gen)
    seqs = text_inputs(gen)

    half_model = DBeta(CFG).eval()
    half_model.load_state_dict({k: v.half().float() for k, v in model.state_dict().items()})

    torch.save(checkpoint(model, half=False), os.path.join(OUT, "dbeta-tiny-fp32.pt"))
    torch.save(checkpoint(model, half=True), os.path.join(OUT, "dbeta-tiny-fp16.pt"))

    config = {
        "model": {
            "_name": "dbeta_tiny",
            "conv_feature_layers": f"[({CFG['conv_channels']}, {CFG['conv_kernel']}, {CFG['conv_stride']})] * {CFG['conv_layers']}",
            "encoder_layers": CFG["layers"],
            "encoder_embed_dim": CFG["width"],
            "encoder_ffn_embed_dim": CFG["ffn"],
            "encoder_attention_heads": CFG["heads"],
            "conv_pos": CFG["conv_pos"],
            "conv_pos_groups": CFG["conv_pos_groups"],
            "hidden_dim": CFG["hidden"],
            "dropout": 0.1,
            "apply_mask": True,
        },
        "task": {"_name": "ecg_text_pretraining", "sample_rate": 500},
    }
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(config, f, indent=2)

    rel = torch.arange(-300, 301)
    reference = {
        "about": "written by tests/reference/make_dbeta_reference.py; ecg inputs come from its ecg_input formula",
        "config": CFG,
        "text_ids": seqs,
        "t5_bucket_relative_from": -300,
        "t5_buckets": relative_bucket(rel, CFG["buckets"], CFG["max_distance"]).tolist(),
        "fp32": outputs(model, seqs),
        "fp16": outputs(half_model, seqs),
    }
    # The narrow-attention text encoder: text keys only, fp32.
    narrow = DBeta(NARROW).eval()
    randomize(narrow, gen)
    narrow_seqs = text_inputs(gen, lengths=(5, 9, 12), vocab=NARROW["vocab"])
    text_prefixes = ("language_encoder.", "multi_modal_language_proj.", "unimodal_language_pooler.")
    torch.save({"model": {k: v for k, v in narrow.state_dict().items() if k.startswith(text_prefixes)}},
               os.path.join(OUT, "t5-narrow-attention.pt"))
    with torch.no_grad():
        ids, mask = padded(narrow_seqs)
        reference["narrow_text_ids"] = narrow_seqs
        reference["narrow_text_batched"] = narrow.embed_text(ids, mask).double().numpy().tolist()

    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f)
    for name in sorted(os.listdir(OUT)):
        print(f"{name}: {os.path.getsize(os.path.join(OUT, name))} bytes")


if __name__ == "__main__":
    main()
