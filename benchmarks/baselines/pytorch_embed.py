#!/usr/bin/python3
"""PyTorch baselines for DBeta.MLNet's ECG embedding speed (issue 5).

The same architecture and weights as DBeta.MLNet's converter sees, at D-BETA's full size, run three ways:
eager PyTorch (this script's `embed`), a straightforward torch.onnx.export (`export`, for ONNX Runtime), and
DBeta.MLNet itself (`dbeta convert` + `dbeta embed` on the checkpoint `make-checkpoint` writes).

The model classes come from tests/reference/make_dbeta_reference.py (imported, not copied).
Needs Debian's python3-torch, python3-scipy, python3-h5py (run with /usr/bin/python3); not part of CI.

  make-checkpoint --out DIR [--seed 42]        DIR/dbeta-full.pt ({"model": state_dict}) and DIR/config.json
  export --checkpoint PT --out FILE.onnx       ECG encoder: input ecg [batch, 12, 5000], output embedding [batch, 768]
  embed --checkpoint PT --input FILE.h5 --out EMB.npy [--threads 2] [--batch-size 4] [--count N]
  compare A.npy B.npy                          max abs / max relative difference and min cosine of two embedding files
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "tests", "reference")

# D-BETA's ECG encoder at full size (DBetaConfig.Default); the text side is kept small (the converter needs its keys,
# the ECG baseline never runs it) but uses T5's real vocabulary size so the converter's checks see a plausible encoder.
FULL = dict(
    conv_channels=256, conv_layers=4, conv_kernel=2, conv_stride=2,
    width=768, layers=8, heads=12, ffn=3072, conv_pos=128, conv_pos_groups=16,
    hidden=768,
    t5_width=64, t5_heads=4, t5_kv=16, t5_blocks=1, t5_ff=128, vocab=32128, buckets=32, max_distance=128,
)
CODE_SAMPLES, RESAMPLED, SAMPLES, LEADS = 4096, 5120, 5000, 12
CHECKPOINT_NAME = "dbeta-full.pt"


def set_threads_env(threads):
    """OpenBLAS (Debian's torch uses it for matmuls) and OpenMP read their thread counts when torch is first imported."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)


def blas_description():
    """OpenBLAS's kernels and threads as loaded, and the OpenMP wait policy: both change eager speed by 1.5-2.5x here."""
    import ctypes
    try:
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return f"OpenBLAS {lib.openblas_get_corename().decode()} kernels, {lib.openblas_get_num_threads()} threads" \
            f" (OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')})"
    except (OSError, AttributeError):
        return "BLAS: not OpenBLAS (no openblas_get_corename)"


def reference_module():
    sys.path.insert(0, REFERENCE)
    import make_dbeta_reference
    return make_dbeta_reference


def ecg_module(model):
    """D-BETA's ECG path as a module whose forward is the embedding, for eager timing and torch.onnx.export."""
    import torch

    class EcgEmbedding(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.dbeta = model

        def forward(self, ecg):
            return self.dbeta.embed_ecg(ecg)

    return EcgEmbedding().eval()


def load_model(checkpoint):
    import torch
    ref = reference_module()
    state = torch.load(checkpoint, map_location="cpu")["model"]
    model = ref.DBeta(FULL).eval()
    model.load_state_dict(state)
    return model


def make_checkpoint(args):
    set_threads_env(1)
    import torch
    ref = reference_module()
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    model = ref.DBeta(FULL).eval()
    ref.randomize(model, gen)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, CHECKPOINT_NAME)
    torch.save({"model": model.state_dict()}, path)
    # The config.json keys DBeta.MLNet's DBetaConfig.Load reads (D-BETA's names).
    config = {"model": {
        "_name": "dbeta_full_random",
        "conv_feature_layers": f"[({FULL['conv_channels']}, {FULL['conv_kernel']}, {FULL['conv_stride']})] * {FULL['conv_layers']}",
        "encoder_layers": FULL["layers"],
        "encoder_embed_dim": FULL["width"],
        "encoder_ffn_embed_dim": FULL["ffn"],
        "encoder_attention_heads": FULL["heads"],
        "conv_pos": FULL["conv_pos"],
        "conv_pos_groups": FULL["conv_pos_groups"],
        "hidden_dim": FULL["hidden"],
    }}
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    ecg_params = sum(p.numel() for n, p in model.named_parameters() if not n.startswith(("language_encoder", "multi_modal_language", "unimodal_language")))
    print(f"wrote {path} ({os.path.getsize(path) / 2**20:.1f} MiB, ECG side {ecg_params / 1e6:.1f}M parameters, seed {args.seed})")
    print(f"wrote {os.path.join(args.out, 'config.json')}")


def export(args):
    set_threads_env(1)
    import torch
    model = load_model(args.checkpoint)
    module = ecg_module(model)
    example = torch.zeros(1, LEADS, SAMPLES)
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, (example,), args.out, input_names=["ecg"], output_names=["embedding"],
                          dynamic_axes={"ecg": {0: "batch"}, "embedding": {0: "batch"}}, opset_version=args.opset)
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 2**20:.1f} MiB, opset {args.opset}, torch {torch.__version__})")


def read_code(path, count):
    """CODE layout: tracings [N, 4096, 12] float32 at 400 Hz."""
    import h5py
    import numpy as np
    with h5py.File(path, "r") as f:
        tracings = f["tracings"]
        n = tracings.shape[0] if count is None else min(count, tracings.shape[0])
        if tracings.shape[1:] != (CODE_SAMPLES, LEADS):
            raise SystemExit(f"error: {path}: tracings has shape {tracings.shape}, expected [N, {CODE_SAMPLES}, {LEADS}]")
        return np.asarray(tracings[:n], dtype=np.float32)


def prepare(tracings):
    """DBeta.MLNet's PrepareEcgForDBeta for CODE: FFT-resample 4096 -> 5120 along time, keep the first 5000, leads first."""
    import numpy as np
    from scipy.signal import resample
    x = resample(tracings.astype(np.float64), RESAMPLED, axis=1)[:, :SAMPLES, :]
    return np.ascontiguousarray(x.transpose(0, 2, 1), dtype=np.float32)


def embed(args):
    set_threads_env(args.threads)
    t_start = time.perf_counter()
    import numpy as np
    import torch
    torch.set_num_threads(args.threads)
    model = load_model(args.checkpoint)
    module = ecg_module(model)
    t_loaded = time.perf_counter()

    tracings = read_code(args.input, args.count)
    n = tracings.shape[0]
    t_read = time.perf_counter()
    x = prepare(tracings)
    t_prepared = time.perf_counter()

    out = np.empty((n, FULL["hidden"]), dtype=np.float32)
    with torch.no_grad():
        for _ in range(args.warmup):  # one untimed batch: first-call allocations, as the C# benchmark does
            module(torch.from_numpy(x[:args.batch_size]))
        t_model = time.perf_counter()
        cpu_model = time.process_time()
        for i in range(0, n, args.batch_size):
            out[i:i + args.batch_size] = module(torch.from_numpy(x[i:i + args.batch_size])).numpy()
        t_done = time.perf_counter()
        cpu_done = time.process_time()
    np.save(args.out, out)

    model_s = t_done - t_model
    read_prep_s = t_prepared - t_loaded
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, batch {args.batch_size}, {n} ECGs from {args.input}")
    print(blas_description())
    print(f"load checkpoint {t_loaded - t_start:.2f} s, read {t_read - t_loaded:.2f} s, preprocess {t_prepared - t_read:.2f} s, "
          f"warm-up {args.warmup} batch(es) {t_model - t_prepared:.2f} s, model {model_s:.2f} s")
    print(f"model:  {n / model_s:.2f} ECG/s (forward passes only, after warm-up; CPU time / wall time {(cpu_done - cpu_model) / model_s:.2f})")
    print(f"whole:  {n / (read_prep_s + model_s):.2f} ECG/s (read + preprocess + model; checkpoint load and warm-up excluded)")
    print(f"wrote {args.out}: [{n}, {FULL['hidden']}] float32")


def compare(args):
    import numpy as np
    a = np.load(args.a).astype(np.float64)
    b = np.load(args.b).astype(np.float64)
    if a.shape != b.shape:
        raise SystemExit(f"error: shapes differ: {args.a} {a.shape}, {args.b} {b.shape}")
    diff = np.abs(a - b)
    rel = diff / np.maximum(np.abs(b), 1e-12)
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    print(f"{a.shape[0]} rows x {a.shape[1]}: max abs diff {diff.max():.3e}, max rel diff {rel.max():.3e} "
          f"(over |b| >= 1e-3: {rel[np.abs(b) >= 1e-3].max():.3e}), min cosine {cos.min():.9f}")
    print(f"values of {args.b}: mean |x| {np.abs(b).mean():.4f}, share with |x| > 0.999: {(np.abs(b) > 0.999).mean():.3f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("make-checkpoint", help="full-size random-weight D-BETA checkpoint and config.json")
    c.add_argument("--out", required=True)
    c.add_argument("--seed", type=int, default=42)
    c.set_defaults(run=make_checkpoint)
    e = sub.add_parser("export", help="torch.onnx.export of the ECG encoder")
    e.add_argument("--checkpoint", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--opset", type=int, default=17)
    e.set_defaults(run=export)
    m = sub.add_parser("embed", help="embed a CODE-layout HDF5 with eager PyTorch and time it")
    m.add_argument("--checkpoint", required=True)
    m.add_argument("--input", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--threads", type=int, default=2)
    m.add_argument("--batch-size", type=int, default=4)
    m.add_argument("--count", type=int)
    m.add_argument("--warmup", type=int, default=1)
    m.set_defaults(run=embed)
    k = sub.add_parser("compare", help="compare two [N, D] embedding .npy files")
    k.add_argument("a")
    k.add_argument("b")
    k.set_defaults(run=compare)
    args = p.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
