#!/usr/bin/python3
"""Reference values for the Preprocessing layer: numpy FFTs and scipy.signal.resample.

Run with Debian's python (numpy 1.24, scipy 1.10):  /usr/bin/python3 tests/reference/make_resample_fixtures.py
Writes .npy files into tests/fixtures/preprocessing/. Inputs are float32 (exact in C#); references are float64
computed from those same values, so the tests measure only the C# error.
"""
import json
import os

import numpy as np
import scipy
import scipy.signal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "preprocessing")
rng = np.random.default_rng(20250611)


def save(name, array):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(array))


def ecg_like(leads, n, rate):
    """Smooth periodic-ish waves plus noise: energy at low and high frequencies, Nyquist bin not negligible."""
    t = np.arange(n) / rate
    x = np.zeros((leads, n))
    for lead in range(leads):
        f0 = rng.uniform(0.8, 1.6)
        for h in range(1, 12):
            x[lead] += rng.normal(0, 1.0 / h) * np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 2 * np.pi))
        x[lead] += 0.05 * rng.standard_normal(n)
    return x.astype(np.float32)


def complex_pairs(z):
    return np.stack([z.real, z.imag], axis=-1)


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {"numpy": np.__version__, "scipy": scipy.__version__, "fft": [], "rfft": [], "resample": []}

    # Complex FFT: input float32 [n, 2] (re, im), numpy.fft.fft in float64 -> [n, 2].
    for n in [1, 2, 3, 4, 5, 7, 11, 16, 60, 97, 999, 1000, 1009, 2500, 4096, 4097, 5120]:
        z = rng.standard_normal((n, 2)).astype(np.float32)
        spectrum = np.fft.fft(z[:, 0].astype(np.float64) + 1j * z[:, 1].astype(np.float64))
        save(f"fft_{n}_input", z)
        save(f"fft_{n}_output", complex_pairs(spectrum))
        manifest["fft"].append(n)

    # Real FFT: input float32 [n], numpy.fft.rfft in float64 -> [n // 2 + 1, 2].
    for n in [1, 2, 9, 1000, 1001, 1009, 2500, 4096, 5000, 5120]:
        x = rng.standard_normal(n).astype(np.float32)
        save(f"rfft_{n}_input", x)
        save(f"rfft_{n}_output", complex_pairs(np.fft.rfft(x.astype(np.float64))))
        manifest["rfft"].append(n)

    # scipy.signal.resample along the last axis: input float32 [2, nx] (an ECG-like lead and white noise),
    # output float64 [2, num] from the float64 copy of the input.
    cases = [(4096, 5120), (1000, 5000), (5000, 5000), (999, 1500), (1001, 2003), (4097, 5121),
             (5000, 4096), (1001, 500), (1000, 999), (1000, 500), (6, 9), (8, 6), (7, 4), (1, 3)]
    for nx, num in cases:
        x = np.concatenate([ecg_like(1, nx, 500.0), rng.standard_normal((1, nx)).astype(np.float32)])
        y = scipy.signal.resample(x.astype(np.float64), num, axis=-1)
        save(f"resample_{nx}_{num}_input", x)
        save(f"resample_{nx}_{num}_output", y)
        manifest["resample"].append([nx, num])

    # D-BETA's CODE path for one 12-lead record: 4096 samples at 400 Hz -> resample to 5120 -> keep the first 5000.
    code = ecg_like(12, 4096, 400.0)
    save("code_12x4096_input", code)
    save("code_12x4096_dbeta_output", scipy.signal.resample(code.astype(np.float64), 5120, axis=-1)[:, :5000].astype(np.float32))

    # Per-lead z-score (population standard deviation), lead 5 flat to exercise the zero-variance guard.
    leads = ecg_like(12, 500, 500.0)
    leads[5] = 0.25
    x64 = leads.astype(np.float64)
    mean = x64.mean(axis=1, keepdims=True)
    std = x64.std(axis=1, keepdims=True)
    z = np.where(std > 0, (x64 - mean) / np.where(std > 0, std, 1.0), x64 - mean)
    save("standardize_12x500_input", leads)
    save("standardize_12x500_output", z)

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
