#!/usr/bin/python3
"""A synthetic CODE-15% folder and what loading it must give.

Run with Debian's python (numpy, h5py):  /usr/bin/python3 tests/reference/make_code15_fixtures.py
   or, for a larger folder to time the loader on (not committed):
                                         /usr/bin/python3 tests/reference/make_code15_fixtures.py --bench-out /tmp/code15-bench --records 400

The folder (tests/fixtures/data/datasets/code15/tree) has CODE-15%'s layout: exams.csv with its 15 columns (exam_id,
age, is_male, nn_predicted_age, 1dAVb, RBBB, LBBB, SB, ST, AF, patient_id, death, timey, normal_ecg, trace_file;
labels written True/False) in shuffled order, and two HDF5 parts, exams_part2.hdf5 and exams_part10.hdf5, each with
'exam_id' [N] int64 and 'tracings' [N, 4096, 12] float32 (400 Hz, 10 s zero-padded by 48 samples at each end, as
CODE-15 stores them) and a last padding row whose exam_id is 0. The table also lists exams of exams_part0.hdf5, which
the folder lacks. Tracings are gzip-compressed and quantised to 1/32 mV so the files stay small.

Expected (expected.json), computed here without the C# code: the load order (exams_part2 before exams_part10, file
rows in order, padding rows left out), the label rows in CODE's column order (1dAVb, RBBB, LBBB, SB, AF, ST), the
skipped padding rows, the count of exams in absent parts, and per exam the per-lead sums and two samples.
Also bad/no_exam_id/: a part without 'exam_id'.
"""
import argparse
import csv
import json
import os
import random
import shutil

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "tests", "fixtures", "data", "datasets", "code15")
COLUMNS = ["exam_id", "age", "is_male", "nn_predicted_age", "1dAVb", "RBBB", "LBBB", "SB", "ST", "AF", "patient_id",
           "death", "timey", "normal_ecg", "trace_file"]
CODE_ORDER = ["1dAVb", "RBBB", "LBBB", "SB", "AF", "ST"]
T, PAD = 4096, 48


def tracing(rng, exam_id):
    t = np.arange(T - 2 * PAD) / 400.0
    x = np.zeros((T, 12), dtype=np.float32)
    for lead in range(12):
        wave = 0.8 * np.sin(2 * np.pi * (1.0 + 0.05 * lead + (exam_id % 7) * 0.01) * t + lead) + 0.05 * np.sign(np.sin(2 * np.pi * 0.7 * t * (lead + 1)))
        x[PAD:T - PAD, lead] = np.round(wave * 32) / 32
    return x


def write_part(path, exam_ids, rng, compress):
    n = len(exam_ids) + 1
    tracings = np.zeros((n, T, 12), dtype=np.float32)
    signals = {}
    for i, exam_id in enumerate(exam_ids):
        tracings[i] = tracing(rng, exam_id)
        signals[str(exam_id)] = {"lead_sums": [float(v) for v in tracings[i].astype(np.float64).sum(axis=0)],
                                 "sample_48": [float(v) for v in tracings[i, PAD]],
                                 "sample_2000": [float(v) for v in tracings[i, 2000]]}
    with h5py.File(path, "w") as f:
        f.create_dataset("exam_id", data=np.array(list(exam_ids) + [0], dtype=np.int64))  # CODE-15's padding row
        kwargs = dict(chunks=(1, T, 12), compression="gzip", shuffle=True) if compress else {}
        f.create_dataset("tracings", data=tracings, **kwargs)
    return signals


def write_folder(folder, parts, absent_part_exams, seed, compress):
    rng = np.random.default_rng(seed)
    r = random.Random(seed)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    signals, rows = {}, []
    for name, exam_ids in parts:
        signals.update(write_part(os.path.join(folder, name), exam_ids, rng, compress))
        rows += [(e, name) for e in exam_ids]
    rows += [(e, "exams_part0.hdf5") for e in absent_part_exams]
    r.shuffle(rows)
    table = []
    for exam_id, name in rows:
        labels = {k: r.random() < 0.3 for k in ["1dAVb", "RBBB", "LBBB", "SB", "ST", "AF"]}
        table.append({"exam_id": exam_id, "age": r.randint(18, 95), "is_male": r.random() < 0.5,
                      "nn_predicted_age": f"{r.uniform(18, 95):.6f}", **labels, "patient_id": r.randint(1, 10**6),
                      "death": r.choice(["True", "False", ""]), "timey": r.choice([f"{r.uniform(0, 8):.3f}", ""]),
                      "normal_ecg": not any(labels.values()), "trace_file": name})
    with open(os.path.join(folder, "exams.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(table)
    return signals, table


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench-out")
    parser.add_argument("--records", type=int, default=400)
    args = parser.parse_args()
    if args.bench_out:
        half = args.records // 2
        write_folder(args.bench_out, [("exams_part0.hdf5", range(100001, 100001 + half)),
                                      ("exams_part1.hdf5", range(200001, 200001 + args.records - half))], [], 7, compress=False)
        print(f"wrote {args.records} exams in 2 uncompressed parts under {args.bench_out}")
        return

    tree = os.path.join(OUT, "tree")
    parts = [("exams_part10.hdf5", [3001, 3002, 3003, 3004]), ("exams_part2.hdf5", [1001, 1002, 1003, 1004, 1005])]
    signals, _ = write_folder(tree, parts, [5001, 5002, 5003], 20261205, compress=True)

    # Expected, read back from the files written: parts in natural order (2 before 10), rows in order.
    with open(os.path.join(tree, "exams.csv"), newline="") as f:
        table = {row["exam_id"]: row for row in csv.DictReader(f)}
    ids, labels, skipped = [], [], []
    for name in ["exams_part2.hdf5", "exams_part10.hdf5"]:
        with h5py.File(os.path.join(tree, name), "r") as f:
            for row, exam_id in enumerate(f["exam_id"][:]):
                key = str(int(exam_id))
                if key not in table:
                    skipped.append({"id": key, "part": name, "row": row})
                    continue
                ids.append(key)
                labels.append([1 if table[key][k] == "True" else 0 for k in CODE_ORDER])
    absent = sum(1 for row in table.values() if row["trace_file"] == "exams_part0.hdf5")
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"names": CODE_ORDER, "ids": ids, "labels": labels, "skipped": skipped, "exams_in_absent_parts": absent,
                   "signals": signals, "samples": T}, f, indent=1)

    bad = os.path.join(OUT, "bad", "no_exam_id")
    if os.path.isdir(bad):
        shutil.rmtree(bad)
    os.makedirs(bad)
    with h5py.File(os.path.join(bad, "exams_part0.hdf5"), "w") as f:
        f.create_dataset("tracings", data=np.zeros((2, T, 12), dtype=np.float32), chunks=(1, T, 12), compression="gzip")
    with open(os.path.join(bad, "exams.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerow([1, 50, True, 50.0, False, False, False, False, False, False, 7, "", "", True, "exams_part0.hdf5"])
    print("ids", ids, "skipped", skipped, "absent", absent)


if __name__ == "__main__":
    main()
