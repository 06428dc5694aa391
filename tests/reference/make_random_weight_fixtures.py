#!/usr/bin/python3
"""Reference values of DBetaModels.CreateRandom's seeded weights, from the generator's documented definition.

Run with Debian's python: /usr/bin/python3 tests/reference/make_random_weight_fixtures.py
Writes tests/fixtures/onnx/random_weights.json: for a few tensors of DBetaConfig.Tiny at two seeds, their shape, fan-in
and leading values as float32 (written as the exact doubles), plus the positional convolution's weight-norm gains.

The definition (DBetaModels / SeededUniform docs): one stream per tensor, seeded with
FNV-1a-64(key, over its UTF-16 code units) XOR (uint32(seed) * 0x9E3779B97F4A7C15); each value is SplitMix64's next
output, top 53 bits as u in [0, 1), then float32((2u - 1) * bound) with bound = float32(1 / sqrt(float32(fan_in)));
norm weights are 1, norm biases 0, and the positional convolution's gain g[k] is the L2 norm of direction[..., k].
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "onnx", "random_weights.json")
MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def splitmix64(state):
    """Yields SplitMix64 outputs from a 64-bit state (Steele, Lea and Flood 2014; Vigna's splitmix64.c)."""
    while True:
        state = (state + GOLDEN) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def stream(seed, key):
    h = 14695981039346656037
    units = key.encode("utf-16-le")
    for unit in struct.unpack(f"<{len(units) // 2}H", units):
        h ^= unit
        h = (h * 1099511628211) & MASK
    return splitmix64(h ^ (((seed & 0xFFFFFFFF) * GOLDEN) & MASK))


def uniform(seed, key, count, fan_in):
    bound = np.float32(1) / np.sqrt(np.float32(fan_in))
    bits = stream(seed, key)
    return np.array([np.float32(((next(bits) >> 11) * 2.0 ** -53 * 2 - 1) * float(bound)) for _ in range(count)],
                    dtype=np.float32)


def main():
    # SplitMix64's published sequence for seed 1234567, so this generator is the algorithm, not a copy of the C#.
    known = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821]
    bits = splitmix64(1234567)
    assert [next(bits) for _ in known] == known

    # DBetaConfig.Tiny: width 64, FFN 128, 16-tap positional convolution in 4 groups, T5 width 64.
    width, ffn, kernel, groups, text = 64, 128, 16, 4, 64
    pos_in = width // groups
    tensors = {
        "class_embedding": ([width], 1),
        "ecg_encoder.encoder.layers.0.fc1.weight": ([ffn, width], width),
        "ecg_encoder.encoder.layers.1.fc2.bias": ([width], ffn),
        "ecg_encoder.feature_extractor.conv_layers.0.0.weight": ([32, 12, 2], 12 * 2),
        "language_encoder.encoder.block.1.layer.1.DenseReluDense.wo.weight": ([text, 128], 128),
    }
    leading = 16
    seeds = {}
    for seed in (7, -3):
        entries = {}
        for key, (shape, fan_in) in tensors.items():
            entries[key] = {"shape": shape, "fan_in": fan_in,
                            "leading": [float(v) for v in uniform(seed, key, leading, fan_in)]}
        direction = uniform(seed, "ecg_encoder.conv_pos.pos_conv.0.weight_v", width * pos_in * kernel, pos_in * kernel)
        columns = direction.astype(np.float64).reshape(-1, kernel)
        gain = [np.float32(np.sqrt(sum(v * v for v in columns[:, k]))) for k in range(kernel)]
        entries["ecg_encoder.conv_pos.pos_conv.0.weight_g"] = {"shape": [1, 1, kernel], "fan_in": None,
                                                               "leading": [float(v) for v in gain]}
        seeds[str(seed)] = entries
    with open(OUT, "w") as f:
        json.dump({"config": "DBetaConfig.Tiny", "seeds": seeds}, f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
