#!/usr/bin/python3
"""Reference values for the optional ECG filter: NeuroKit2's ecg_clean default ("neurokit"), computed with scipy.

Run with Debian's python (numpy 1.24, scipy 1.10):  /usr/bin/python3 tests/reference/make_filter_fixtures.py
Writes .npy files and manifest.json into tests/fixtures/filtering/. NeuroKit2 is not imported: its "neurokit" cleaning
is written out below from its documented definition, with the same scipy calls, so the fixtures need only scipy:

  1. high-pass: sos = scipy.signal.butter(5, 0.5, btype="highpass", output="sos", fs=rate)
                y = scipy.signal.sosfiltfilt(sos, x)          (padtype "odd", default padlen)
  2. powerline: b = ones(int(rate / powerline)) if rate >= 100 else ones(2); a = [len(b)]
                y = scipy.signal.filtfilt(b, a, y, method="pad")   (padtype "odd", padlen 3 * max(len(a), len(b)))

Inputs are float32 (exact in C#); references are float64 computed from the float64 copy of those inputs, so the tests
measure only the C# error. One real lead comes from ../shared/data/challenge2021 when that folder is present; its
samples are stored here, so the fixtures stand on their own.
"""
import json
import os

import numpy as np
import scipy
import scipy.io
import scipy.signal

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "filtering")
REAL_RECORD = os.path.join(HERE, "..", "..", "..", "shared", "data", "challenge2021", "E07500")
rng = np.random.default_rng(20261205)


def save(name, array):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(array))


def highpass_sos(rate, cutoff=0.5, order=5):
    return scipy.signal.butter(order, cutoff, btype="highpass", output="sos", fs=rate)


def highpass(x, rate):
    return scipy.signal.sosfiltfilt(highpass_sos(rate), x)


def powerline_taps(rate, hz):
    return int(rate / hz) if rate >= 100 else 2


def powerline(x, rate, hz):
    b = np.ones(powerline_taps(rate, hz))
    if len(b) == 1:
        # A one-sample average is the identity; scipy's filtfilt raises on it (lfilter_zi needs two taps), so the
        # reference skips the step, as DBeta.MLNet does (e.g. 60 Hz at 100-119 Hz).
        return x.copy()
    return scipy.signal.filtfilt(b, [len(b)], x, method="pad")


def clean(x, rate, hz=50):
    return powerline(highpass(x, rate), rate, hz)


def sos_padlen(sos):
    """scipy.signal.sosfiltfilt's default edge: 3 * (2 * sections + 1 - sections with a zero b2 and a2)."""
    ntaps = 2 * len(sos) + 1 - min((sos[:, 2] == 0).sum(), (sos[:, 5] == 0).sum())
    return 3 * int(ntaps)


def minimum_length(rate, hz=50):
    """The shortest signal both steps accept: scipy needs more samples than each step's padding."""
    taps = powerline_taps(rate, hz)
    return max(sos_padlen(highpass_sos(rate)), 3 * taps if taps > 1 else 0) + 1


def ecg_like(n, rate):
    """Harmonics of a ~1.2 Hz beat, baseline wander (0.15-0.3 Hz), a DC offset, mains hum at 50 and 60 Hz and noise."""
    t = np.arange(n) / rate
    f0 = rng.uniform(0.9, 1.5)
    x = np.zeros(n)
    for h in range(1, 15):
        x += rng.normal(0, 0.6 / h) * np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 2 * np.pi))
    x += 0.4 * np.sin(2 * np.pi * rng.uniform(0.15, 0.3) * t) + rng.uniform(-1, 1)
    if rate > 120:
        x += 0.05 * np.sin(2 * np.pi * 50 * t) + 0.03 * np.sin(2 * np.pi * 60 * t + 1.0)
    x += 0.02 * rng.standard_normal(n)
    return x.astype(np.float32)


def real_leads():
    """E07500 (Georgia, 500 Hz, 12 x 5000, gain 1000 / mV) in millivolts, or None when the shared data are absent."""
    if not os.path.exists(REAL_RECORD + ".mat"):
        return None
    digital = scipy.io.loadmat(REAL_RECORD + ".mat")["val"].astype(np.float64)
    return (digital / 1000.0).astype(np.float32)


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {"numpy": np.__version__, "scipy": scipy.__version__, "sos": [], "signals": [], "record": None}

    # Second-order sections of scipy's Butterworth high-pass at 0.5 Hz, orders 1-8 (NeuroKit uses 5), several rates.
    for order in range(1, 9):
        for rate in [80, 100, 250, 257, 400, 500, 1000]:
            save(f"sos_order{order}_{rate}", highpass_sos(rate, order=order))
            manifest["sos"].append([order, rate])

    # One lead per case: rate, powerline, length. Short lengths sit at and just above the minimum both steps accept.
    cases = []
    for rate in [500, 400, 250, 100]:
        shortest = minimum_length(rate)
        cases += [(rate, 50, n) for n in [shortest, shortest + 1, 64, 10 * rate]]
    cases += [(500, 60, 5000), (400, 60, 4096), (100, 60, 1000), (250, 60, minimum_length(250, 60)), (80, 50, 800)]
    for rate, hz, n in cases:
        x = ecg_like(n, rate)
        name = f"signal_{rate}hz_{hz}_{n}"
        save(name + "_input", x)
        save(name + "_highpass", highpass(x.astype(np.float64), rate))
        save(name + "_clean", clean(x.astype(np.float64), rate, hz))
        manifest["signals"].append({"name": name, "rate": rate, "powerline": hz, "length": n,
                                    "minimum_length": minimum_length(rate, hz)})

    # A real record: lead II alone for the double-precision check, the first 2.5 s of all 12 leads for the transform.
    leads = real_leads()
    if leads is not None:
        save("record_E07500_lead2_input", leads[1])
        save("record_E07500_lead2_clean", clean(leads[1].astype(np.float64), 500))
        head = leads[:, :1250]
        save("record_E07500_12x1250_input", head)
        save("record_E07500_12x1250_clean", np.stack([clean(lead.astype(np.float64), 500) for lead in head]))
        manifest["record"] = {"id": "E07500", "source": "PhysioNet Challenge 2021 (Georgia 12-lead ECG), CC BY 4.0",
                              "rate": 500, "unit": "mV", "lead2_length": int(leads.shape[1]), "head_length": 1250}

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
