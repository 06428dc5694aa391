#!/usr/bin/python3
"""Independent check of `dbeta synth` output: CODE layout, labels CSV, and per-class physiology.

Reads the HDF5 file and the labels CSV written by `dbeta synth`, then measures every record without any
knowledge of the generator:
  * heart rate from QRS complexes detected on the 8 independent leads (band-pass 5-25 Hz, squared slope,
    moving-window integration, scipy.signal.find_peaks), as 60 (n - 1) / (last beat - first beat);
  * RR irregularity (coefficient of variation of the RR intervals);
  * QRS duration from the spatial velocity of the 12 leads (onset/offset where the median beat's velocity
    leaves and finally returns below 14 % of its peak);
  * P-apex-to-QRS-onset interval on the median lead II beat (a PR proxy);
and checks that each class lands in its range: SB < 60 bpm, ST > 100 bpm, normal 60-100 bpm,
RBBB/LBBB QRS >= 120 ms vs normal < 110 ms, AF RR irregular vs sinus regular, 1dAVb PR proxy longer.

Usage (Debian python with h5py, numpy, scipy):
  dbeta synth --count 300 --seed 42 --rate 400 --out /tmp/s.h5 --labels /tmp/s.csv
  /usr/bin/python3 tests/reference/check_synthetic.py /tmp/s.h5 /tmp/s.csv --rate 400 \
      --summary tests/fixtures/synthetic/check_summary.txt
Optionally --export-npy PATH --export-count N copies the first N tracings ([N, T, 12] float32, exactly as
stored) to a .npy file for the C# determinism test.
Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import csv
import sys

import h5py
import numpy as np
from scipy import signal

LABELS = ["1dAVb", "RBBB", "LBBB", "SB", "AF", "ST"]
LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]


def read_labels(path, n):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    problems = []
    if header != LABELS:
        problems.append(f"labels header is {header}, expected {LABELS}")
    body = rows[1:]
    if len(body) != n:
        problems.append(f"labels CSV has {len(body)} rows, HDF5 has {n}")
    values = np.array([[int(v) for v in r] for r in body], dtype=int)
    if not np.isin(values, [0, 1]).all():
        problems.append("labels CSV holds values other than 0/1")
    return values, problems


def detect_beats(leads, fs):
    """Pan-Tompkins-style QRS detector on the 8 independent leads (I, II, V1-V6): band-pass 5-25 Hz, squared slope
    summed over leads, 100 ms moving-window integration, peaks at least 240 ms apart. Lead II alone misses the small,
    notched complexes of LBBB with a leftward axis, so the detector pools the leads."""
    b, a = signal.butter(2, [5 / (fs / 2), 25 / (fs / 2)], btype="band")
    x = signal.filtfilt(b, a, leads[[0, 1, 6, 7, 8, 9, 10, 11]], axis=1)
    energy = (np.gradient(x, axis=1) ** 2).sum(axis=0)
    window = max(1, int(0.10 * fs))
    integrated = np.convolve(energy, np.ones(window) / window, mode="same")
    peaks, _ = signal.find_peaks(integrated, height=0.2 * np.percentile(integrated, 99.5), distance=int(0.24 * fs))
    return peaks


def median_beat(leads, peaks, fs, before, after):
    b, a = signal.butter(2, [0.5 / (fs / 2), 40 / (fs / 2)], btype="band")
    filtered = signal.filtfilt(b, a, leads, axis=1)
    nb, na = int(before * fs), int(after * fs)
    segs = [filtered[:, p - nb:p + na] for p in peaks if p - nb >= 0 and p + na <= leads.shape[1]]
    if not segs:
        return None, nb
    return np.median(np.stack(segs), axis=0), nb


def qrs_duration_ms(beat, center, fs):
    """QRS onset and offset on the median beat: re-filtered 2-40 Hz (the T wave's slope mostly goes, a slow terminal R'
    stays), spatial velocity over the 12 leads, then walk out from the velocity peak while the velocity keeps
    returning above 14 % of the peak within 20 ms (so the dip between S and R' does not end the QRS, the ST segment does)."""
    b, a = signal.butter(2, [2 / (fs / 2), 40 / (fs / 2)], btype="band")
    x = signal.filtfilt(b, a, beat, axis=1)
    velocity = np.sqrt((np.diff(x, axis=1) ** 2).sum(axis=0)) * fs  # mV/s
    search = int(0.08 * fs)
    peak_at = center - search + int(np.argmax(velocity[center - search:center + search]))
    threshold = 0.14 * velocity[peak_at]
    gap = int(0.02 * fs)
    lo, hi = max(0, peak_at - int(0.12 * fs)), min(len(velocity), peak_at + int(0.16 * fs))
    onset = i = peak_at
    while i > lo and onset - i <= gap:
        i -= 1
        if velocity[i] > threshold:
            onset = i
    offset = i = peak_at
    while i < hi - 1 and i - offset <= gap:
        i += 1
        if velocity[i] > threshold:
            offset = i
    return 1000.0 * (offset + 1 - onset) / fs, onset


def p_to_qrs_ms(beat_ii, qrs_onset, fs):
    """Interval from the P-wave apex (largest positive deflection of lead II, above the level just before the QRS,
    50-320 ms before QRS onset) to QRS onset: a PR proxy, about PR minus half the P duration."""
    lo, hi = max(0, qrs_onset - int(0.32 * fs)), qrs_onset - int(0.05 * fs)
    if hi <= lo:
        return float("nan")
    level = beat_ii[max(0, qrs_onset - int(0.01 * fs)):qrs_onset + 1].mean()
    return 1000.0 * (qrs_onset - (lo + int(np.argmax(beat_ii[lo:hi] - level)))) / fs


def describe(values, digits=1):
    v = np.asarray([x for x in values if np.isfinite(x)])
    if v.size == 0:
        return f"{'-':>26s}"
    w = 6 + digits
    return f"{np.median(v):{w}.{digits}f} [{v.min():{w}.{digits}f}, {v.max():{w}.{digits}f}]"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("h5")
    ap.add_argument("labels")
    ap.add_argument("--rate", type=float, default=400.0)
    ap.add_argument("--summary")
    ap.add_argument("--measurements", help="write one CSV row per record: labels and the measured HR, RR CV, QRS and P-QRS")
    ap.add_argument("--export-npy")
    ap.add_argument("--export-count", type=int, default=4)
    args = ap.parse_args()
    fs = args.rate
    lines, failures = [], []

    def say(text=""):
        lines.append(text)
        print(text)

    def check(ok, text):
        say(f"  [{'PASS' if ok else 'FAIL'}] {text}")
        if not ok:
            failures.append(text)

    with h5py.File(args.h5, "r") as f:
        say(f"file: {args.h5.split('/')[-1]}, labels: {args.labels.split('/')[-1]}, rate {fs:g} Hz")
        say("layout:")
        check(set(f.keys()) >= {"tracings", "exam_id"}, f"datasets {sorted(f.keys())} include tracings and exam_id")
        tr, ex = f["tracings"], f["exam_id"]
        check(tr.dtype == np.float32 and tr.ndim == 3 and tr.shape[2] == 12,
              f"tracings is float32 [N, T, 12]: {tr.dtype} {tr.shape}")
        check(ex.dtype == np.int64 and ex.shape == (tr.shape[0],), f"exam_id is int64 [N]: {ex.dtype} {ex.shape}")
        data = tr[...]
        exam_ids = ex[...]
        if args.export_npy:
            np.save(args.export_npy, np.ascontiguousarray(data[:args.export_count]))
            say(f"  exported tracings[:{args.export_count}] to {args.export_npy.split('/')[-1]}")
    n, t_len, _ = data.shape
    check(len(np.unique(exam_ids)) == n, "exam ids are unique")
    labels, problems = read_labels(args.labels, n)
    for p in problems:
        check(False, p)
    check(not problems, f"labels CSV: header {','.join(LABELS)}, {n} rows of 0/1")
    check(bool(np.isfinite(data).all()), "all samples finite")

    # Einthoven / Goldberger relations between the stored leads.
    i_, ii, iii, avr, avl, avf = (data[:, :, k].astype(np.float64) for k in range(6))
    worst = max(np.abs(iii - (ii - i_)).max(), np.abs(avr + (i_ + ii) / 2).max(),
                np.abs(avl - (i_ - ii / 2)).max(), np.abs(avf - (ii - i_ / 2)).max())
    check(worst < 1e-5, f"III = II - I, aVR = -(I+II)/2, aVL = I - II/2, aVF = II - I/2 (max error {worst:.2e} mV)")

    # Per-record measurements.
    hr, cv, qrs, pq, r_ii = (np.full(n, np.nan) for _ in range(5))
    for k in range(n):
        leads = data[k].T.astype(np.float64)  # [12, T]
        peaks = detect_beats(leads, fs)
        if len(peaks) >= 3:
            rr = np.diff(peaks) / fs
            hr[k] = 60.0 * (len(peaks) - 1) / ((peaks[-1] - peaks[0]) / fs)
            cv[k] = rr.std() / rr.mean()
            beat, center = median_beat(leads, peaks[1:-1] if len(peaks) > 4 else peaks, fs, 0.5, 0.45)
            if beat is not None:
                qrs[k], onset = qrs_duration_ms(beat, center, fs)
                pq[k] = p_to_qrs_ms(beat[1], onset, fs)
                r_ii[k] = beat[1, center - int(0.06 * fs):center + int(0.06 * fs)].max()

    labelled = labels.astype(bool)
    normal = ~labelled.any(axis=1)
    groups = [(name, labelled[:, j]) for j, name in enumerate(LABELS)] + [("normal", normal)]
    say()
    say(f"per class (median [min, max]) over {n} records of {t_len} samples; a record counts in every class it carries:")
    say(f"  {'class':7s} {'n':>4s}  {'HR bpm':>25s}  {'RR CV':>28s}  {'QRS ms':>25s}  {'P apex-QRS onset ms':>25s}")
    for name, mask in groups:
        say(f"  {name:7s} {mask.sum():4d}  {describe(hr[mask])}  {describe(cv[mask], 3)}  "
            f"{describe(qrs[mask])}  {describe(pq[mask])}")
    say()
    say("label prevalence: " + ", ".join(f"{name} {labelled[:, j].mean():.3f}" for j, name in enumerate(LABELS))
        + f", normal {normal.mean():.3f}")
    say(f"R amplitude in lead II, normal records: median {np.nanmedian(r_ii[normal]):.2f} mV, "
        f"[{np.nanpercentile(r_ii[normal], 10):.2f}, {np.nanpercentile(r_ii[normal], 90):.2f}] (10th-90th percentile)")

    say()
    say("class checks:")
    af = labelled[:, 4]
    sinus = ~af
    bbb = labelled[:, 1] | labelled[:, 2]
    narrow = ~bbb
    check(np.isfinite(hr).all(), f"R peaks found in every record ({np.isfinite(hr).sum()}/{n})")
    check((hr[labelled[:, 3]] < 60).all(), "SB: every heart rate < 60 bpm")
    check((hr[labelled[:, 5]] > 100).all(), "ST: every heart rate > 100 bpm")
    rate_normal = sinus & ~labelled[:, 3] & ~labelled[:, 5]
    check(((hr[rate_normal] >= 60) & (hr[rate_normal] <= 100)).all(),
          f"sinus without SB/ST ({rate_normal.sum()} records): every heart rate in 60-100 bpm")
    check((qrs[bbb] >= 120).all(), f"RBBB/LBBB ({bbb.sum()} records): every QRS >= 120 ms")
    check((qrs[narrow] < 110).all(), f"no bundle branch block ({narrow.sum()} records): every QRS < 110 ms")
    cv_cut = 0.08
    check((cv[af] > cv_cut).mean() >= 0.95, f"AF: RR CV > {cv_cut} in >= 95 % of records ({(cv[af] > cv_cut).mean():.1%})")
    check((cv[sinus] < cv_cut).mean() >= 0.95, f"sinus: RR CV < {cv_cut} in >= 95 % of records ({(cv[sinus] < cv_cut).mean():.1%})")
    avb = labelled[:, 0]
    pr_normal = sinus & ~avb
    if avb.any() and pr_normal.any():
        check(np.nanmedian(pq[avb]) > np.nanmedian(pq[pr_normal]) + 50,
              f"1dAVb: median P-QRS interval {np.nanmedian(pq[avb]):.0f} ms exceeds other sinus records' "
              f"{np.nanmedian(pq[pr_normal]):.0f} ms by > 50 ms")
    say()
    say("RESULT: " + ("all checks passed" if not failures else f"{len(failures)} check(s) failed"))
    if args.measurements:
        with open(args.measurements, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["index", *LABELS, "hr_bpm", "rr_cv", "qrs_ms", "p_qrs_ms"])
            for k in range(n):
                w.writerow([k, *[int(v) for v in labelled[k]], f"{hr[k]:.3f}", f"{cv[k]:.5f}", f"{qrs[k]:.1f}", f"{pq[k]:.1f}"])
        say(f"per-record measurements written to {args.measurements.split('/')[-1]}")
    if args.summary:
        with open(args.summary, "w") as f:
            f.write("\n".join(lines) + "\n")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
