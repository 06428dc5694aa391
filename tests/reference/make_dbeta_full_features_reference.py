#!/usr/bin/python3
"""A narrow D-BETA ECG encoder with every feature of the full-size one that changes the converted graph.

D-BETA's own ECG encoder (width 768, 8 layers) is too large to commit. This one keeps what makes its graph differ
from the tiny fixture's: the 256-channel feature stack (4 convolutions, kernel 2, stride 2), the positional
convolution with kernel 128 and 16 groups (which the converter runs through the DFT up to 5135 samples and as a
direct Conv beyond), 12 attention heads, and 5000-sample inputs; only the width (96 = 12 heads x 8 = 16 groups x 6),
the depth and the feed-forward width are small. The modules, weight initialisation and ECG inputs are those of
make_dbeta_reference.py; only the ECG side is saved (DBeta.MLNet converts it with DBetaConverter.WriteEcgModel).

Written for DBeta.MLNet; nothing is taken from D-BETA or fairseq.
Run with Debian's python (torch 1.13):  /usr/bin/python3 tests/reference/make_dbeta_full_features_reference.py
Writes tests/fixtures/onnx/: dbeta-full-features.pt, config-full-features.json, reference-full-features.json.
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_dbeta_reference as ref  # noqa: E402

# D-BETA's ECG architecture except width, depth and feed-forward width; the text side is a minimal one, not saved.
CFG = dict(ref.CFG, conv_channels=256, conv_layers=4, conv_kernel=2, conv_stride=2,
           width=96, layers=2, heads=12, ffn=192, conv_pos=128, conv_pos_groups=16, hidden=96, vocab=100)
SEED = 20251
ECG_PREFIXES = ("ecg_encoder.", "class_embedding", "multi_modal_ecg_proj.", "unimodal_ecg_pooler.")
# (samples, batch): 5000 and 5135 frames fit the converter's DFT (at most 320 frames = 5135 samples); 5136 and 6000
# take the direct Conv.
CASES = [(5000, 1), (5000, 3), (5135, 1), (5136, 1), (6000, 2)]


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(SEED)
    model = ref.DBeta(CFG).eval()
    ref.randomize(model, gen)

    sd = {k: v for k, v in model.state_dict().items() if k.startswith(ECG_PREFIXES)}
    torch.save({"model": sd}, os.path.join(ref.OUT, "dbeta-full-features.pt"))

    config = {
        "model": {
            "_name": "dbeta_full_features",
            "conv_feature_layers": f"[({CFG['conv_channels']}, {CFG['conv_kernel']}, {CFG['conv_stride']})] * {CFG['conv_layers']}",
            "encoder_layers": CFG["layers"],
            "encoder_embed_dim": CFG["width"],
            "encoder_ffn_embed_dim": CFG["ffn"],
            "encoder_attention_heads": CFG["heads"],
            "conv_pos": CFG["conv_pos"],
            "conv_pos_groups": CFG["conv_pos_groups"],
            "hidden_dim": CFG["hidden"],
        },
        "task": {"_name": "ecg_text_pretraining", "sample_rate": 500},
    }
    with open(os.path.join(ref.OUT, "config-full-features.json"), "w") as f:
        json.dump(config, f, indent=2)

    reference = {
        "about": "written by tests/reference/make_dbeta_full_features_reference.py; ecg inputs come from "
                 "make_dbeta_reference.py's ecg_input formula",
        "config": {k: CFG[k] for k in ("conv_channels", "conv_layers", "conv_kernel", "conv_stride", "width", "layers",
                                       "heads", "ffn", "conv_pos", "conv_pos_groups", "hidden")},
    }
    with torch.no_grad():
        for samples, batch in CASES:
            reference[f"ecg_{samples}_batch{batch}"] = model.embed_ecg(ref.ecg_input(batch, samples)).double().numpy().tolist()
    with open(os.path.join(ref.OUT, "reference-full-features.json"), "w") as f:
        json.dump(reference, f)
    for name in ("dbeta-full-features.pt", "config-full-features.json", "reference-full-features.json"):
        print(f"{name}: {os.path.getsize(os.path.join(ref.OUT, name))} bytes")


if __name__ == "__main__":
    main()
