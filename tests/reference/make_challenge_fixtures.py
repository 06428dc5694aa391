#!/usr/bin/python3
"""Reference values for the 53 real PhysioNet/CinC Challenge 2021 records in ../shared/data/challenge2021.

Run with Debian's python (it has scipy and numpy):  /usr/bin/python3 tests/reference/make_challenge_fixtures.py

The records are WFDB headers over MATLAB v4 .mat files (variable 'val', int16 [12, 5000]). This script reads the
.mat files with scipy.io.loadmat, independently of the C# WFDB reader (which reads the same bytes as format 16 after a
24-byte offset), and writes tests/fixtures/data/challenge2021/loadmat.json:
  * for each record and lead, the physical values (val - baseline) / gain in mV, rounded to float32, at a few sample
    positions (the first and last samples, the middle, and seeded random ones);
  * for each record and lead, the sum and the sum of squares of all 5000 digital values, so every sample is checked.
Gain and baseline come from the header lines; the script asserts they are the Challenge's 1000/mV and 0 everywhere.
The data stay in ../shared (CC BY 4.0, not copied here): the fixture holds 16 of 5000 samples per lead and sums.
"""
import hashlib
import json
import os
import re

import numpy as np
import scipy.io

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data", "challenge2021")
OUT = os.path.join(ROOT, "tests", "fixtures", "data", "challenge2021", "loadmat.json")
LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
FIXED_SAMPLES = [0, 1, 2, 2499, 2500, 4997, 4998, 4999]


def header_signals(path):
    """(lead name, gain, baseline) of each signal line; the gain field is gain[(baseline)][/units]."""
    with open(path, encoding="ascii") as f:
        lines = [line.split() for line in f if line.strip() and not line.startswith("#")]
    signals = []
    for fields in lines[1:]:
        match = re.fullmatch(r"([0-9.]+)(?:\((-?\d+)\))?(?:/(\w+))?", fields[2])
        gain = float(match.group(1))
        adc_zero = int(fields[4])
        baseline = int(match.group(2)) if match.group(2) is not None else adc_zero  # WFDB: baseline defaults to adczero
        signals.append((fields[-1], gain, baseline, (match.group(3) or "mV").lower()))
    return signals


def main():
    names = sorted(f[:-4] for f in os.listdir(SHARED) if f.endswith(".mat"))
    assert len(names) == 53, names
    rng = np.random.default_rng(20251202)
    records = []
    for name in names:
        val = scipy.io.loadmat(os.path.join(SHARED, name + ".mat"))["val"]
        assert val.dtype == np.int16 and val.shape == (12, 5000), (name, val.dtype, val.shape)
        signals = header_signals(os.path.join(SHARED, name + ".hea"))
        assert [s[0] for s in signals] == LEADS, (name, signals)
        assert all(s[1:] == (1000.0, 0, "mv") for s in signals), (name, signals)
        samples = sorted(set(FIXED_SAMPLES) | set(rng.choice(np.arange(3, 4997), size=8, replace=False).tolist()))
        digital = val.astype(np.int64)
        gain = np.array([s[1] for s in signals])[:, None]
        baseline = np.array([s[2] for s in signals])[:, None]
        physical = ((digital[:, samples] - baseline) / gain).astype(np.float32)
        with open(os.path.join(SHARED, name + ".mat"), "rb") as f:
            sha256 = hashlib.sha256(f.read()).hexdigest()
        records.append({
            "name": name,
            "mat_sha256": sha256,
            "samples": samples,
            "physical_mv": [[float(np.format_float_positional(v, unique=True)) for v in row] for row in physical],
            "digital_sum": digital.sum(axis=1).tolist(),
            "digital_sum_of_squares": (digital * digital).sum(axis=1).tolist(),
        })

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    text = json.dumps({
        "generator": f"tests/reference/make_challenge_fixtures.py, scipy {scipy.__version__}",
        "sample_rate": 500,
        "sample_count": 5000,
        "leads": LEADS,
        "records": records,
    }, indent=1)
    # One line per number list, so the file stays small and readable.
    text = re.sub(r"\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]", lambda m: "[" + re.sub(r"\s+", "", m.group(1)).replace(",", ", ") + "]", text)
    with open(OUT, "w", encoding="ascii") as f:
        f.write(text + "\n")
    print(f"{OUT}: {len(records)} records, {sum(len(r['samples']) for r in records) * 12} samples", flush=True)


if __name__ == "__main__":
    main()
