#!/usr/bin/python3
"""scipy.signal.resample references for the FFT-library comparison (benchmarks: --fft-accuracy) on the lengths the
resampling fixtures (make_resample_fixtures.py) leave out: 7500 -> 5000 (750 Hz to 500 Hz) and prime lengths.

Run with Debian's python (numpy, scipy):  /usr/bin/python3 tests/reference/make_fft_comparison_fixtures.py
Writes tests/fixtures/fft-comparison/resample_NX_NUM_{input,output}.npy: input float32 [2, NX] (an ECG-like lead and
white noise), output float64 [2, NUM] from the float64 copy of the input.
"""
import json
import os

import numpy as np
import scipy
import scipy.signal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "fft-comparison")
rng = np.random.default_rng(20261205)


def ecg_like(n, rate):
    t = np.arange(n) / rate
    f0 = rng.uniform(0.8, 1.6)
    x = sum(rng.normal(0, 1.0 / h) * np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 2 * np.pi)) for h in range(1, 12))
    return x + 0.05 * rng.standard_normal(n)


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [(7500, 5000), (1009, 5000), (4999, 5003), (5003, 4999)]
    for nx, num in cases:
        x = np.stack([ecg_like(nx, 500.0 * nx / 5000), rng.standard_normal(nx)]).astype(np.float32)
        y = scipy.signal.resample(x.astype(np.float64), num, axis=-1)
        np.save(os.path.join(OUT, f"resample_{nx}_{num}_input.npy"), x)
        np.save(os.path.join(OUT, f"resample_{nx}_{num}_output.npy"), y)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"numpy": np.__version__, "scipy": scipy.__version__, "resample": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
