#!/usr/bin/python3
"""A synthetic PTB-XL tree and the labels, splits and signal sums expected from it; also the labels expected from the
11 real rows of ../shared/data/ptbxl when that folder is present.

Run with Debian's python:  /usr/bin/python3 tests/reference/make_ptbxl_fixtures.py
   or, for a larger tree to time the loader on (not committed):
                            /usr/bin/python3 tests/reference/make_ptbxl_fixtures.py --bench-out /tmp/ptbxl-bench --records 500

The tree (tests/fixtures/data/datasets/ptbxl/tree) has PTB-XL's layout: ptbxl_database.csv (ecg_id, patient_id, ...,
report with commas and quotes, scp_codes as a Python dict literal, strat_fold 1-10, filename_lr, filename_hr),
scp_statements.csv (an unnamed first column with the code, diagnostic/form/rhythm flags 1.0 or empty,
diagnostic_class, diagnostic_subclass, ...), and WFDB format-16 records at 100 Hz (records100/) and 500 Hz
(records500/). The statement table is a made-up subset of 24 SCP-ECG codes with PTB-XL's structure (some
statements both diagnostic and form); the real table stays in ../shared. Records last 1 s (100 / 500 samples) to keep
the repository small; the layout is what is tested.

The expected labels follow the PTB-XL benchmark's rules, computed here from the CSV text with csv and
ast.literal_eval, independently of the C# reader: every statement in scp_codes counts whatever its likelihood;
diagnostic statements map to diagnostic_subclass / diagnostic_class in the subdiagnostic / superdiagnostic sets;
records with no statement in a set are left out; label columns are the set's names sorted (codepoint order).
"""
import argparse
import ast
import csv
import json
import os
import random
import shutil

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "tests", "fixtures", "data", "datasets", "ptbxl")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data", "ptbxl")
LEADS = ["I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6"]
SETS = ["all", "diagnostic", "subdiagnostic", "superdiagnostic", "form", "rhythm"]

# code: (diagnostic, form, rhythm, class, subclass, description) -- a subset with PTB-XL's structure
STATEMENTS = {
    "NORM": (1, 0, 0, "NORM", "NORM", "normal ECG"),
    "IMI": (1, 0, 0, "MI", "IMI", "inferior myocardial infarction"),
    "ILMI": (1, 0, 0, "MI", "IMI", "inferolateral myocardial infarction"),
    "ASMI": (1, 0, 0, "MI", "AMI", "anteroseptal myocardial infarction"),
    "LVH": (1, 0, 0, "HYP", "LVH", "left ventricular hypertrophy"),
    "RVH": (1, 0, 0, "HYP", "RVH", "right ventricular hypertrophy"),
    "LAO/LAE": (1, 0, 0, "HYP", "LAO/LAE", "left atrial overload/enlargement"),
    "LAFB": (1, 0, 0, "CD", "LAFB/LPFB", "left anterior fascicular block"),
    "IRBBB": (1, 0, 0, "CD", "IRBBB", "incomplete right bundle branch block"),
    "CLBBB": (1, 0, 0, "CD", "CLBBB", "complete left bundle branch block"),
    "1AVB": (1, 0, 0, "CD", "_AVB", "first degree AV block"),
    "ISC_": (1, 0, 0, "STTC", "ISC_", "non-specific ischemic"),
    "NDT": (1, 1, 0, "STTC", "STTC", "non-diagnostic T abnormalities"),
    "NST_": (1, 1, 0, "STTC", "NST_", "non-specific ST changes"),
    "DIG": (1, 1, 0, "STTC", "STTC", "digitalis effect"),
    "ABQRS": (0, 1, 0, "", "", "abnormal QRS"),
    "PVC": (0, 1, 0, "", "", "ventricular premature complex"),
    "LVOLT": (0, 1, 0, "", "", "low QRS voltages in the frontal and horizontal leads"),
    "QWAVE": (0, 1, 0, "", "", "Q waves present"),
    "SR": (0, 0, 1, "", "", "sinus rhythm"),
    "AFIB": (0, 0, 1, "", "", "atrial fibrillation"),
    "STACH": (0, 0, 1, "", "", "sinus tachycardia"),
    "SBRAD": (0, 0, 1, "", "", "sinus bradycardia"),
    "SARRH": (0, 0, 1, "", "", "sinus arrhythmia"),
}
LIKELIHOODS = [0.0, 15.0, 35.0, 50.0, 80.0, 100.0]


def write_statements(folder):
    with open(os.path.join(folder, "scp_statements.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["", "description", "diagnostic", "form", "rhythm", "diagnostic_class", "diagnostic_subclass", "Statement Category"])
        for code, (d, fo, r, c, s, desc) in STATEMENTS.items():
            flag = lambda v: "1.0" if v else ""
            w.writerow([code, desc, flag(d), flag(fo), flag(r), c, s, "made-up category, for tests"])


def scp_codes_for(rng, i):
    """A dict literal as PTB-XL writes it; a few special cases exercise the parser and the skip rule."""
    if i in (4, 17):
        return "{}"
    if i == 9:
        return "{'SR': 0.0}"  # rhythm only: left out of the diagnostic sets
    if i == 12:
        return "{'PVC': 100.0, 'ABQRS': 0.0}"  # form only
    if i == 21:
        return '{ "NORM" : 100 , "SR": 0.0, }'  # double quotes, an int, spaces and a trailing comma: still a dict literal
    codes = rng.sample(list(STATEMENTS), rng.randint(1, 4))
    return repr({c: rng.choice(LIKELIHOODS) for c in codes})


def write_record(folder, name, rate, samples, rng_np):
    os.makedirs(folder, exist_ok=True)
    t = np.arange(samples) / rate
    digital = np.empty((samples, 12), dtype=np.int16)
    for lead in range(12):
        wave = 400 * np.sin(2 * np.pi * (1.0 + 0.1 * lead) * t + lead) + rng_np.integers(-30, 31, samples)
        digital[:, lead] = np.round(wave).astype(np.int16)
    digital.astype("<i2").tofile(os.path.join(folder, name + ".dat"))
    with open(os.path.join(folder, name + ".hea"), "w", newline="\n") as f:
        f.write(f"{name} 12 {rate} {samples}\n")
        for lead in range(12):
            column = digital[:, lead].astype(np.int64)
            f.write(f"{name}.dat 16 1000.0(0)/mV 16 0 {column[0]} {int(column.sum()) & 0xFFFF} 0 {LEADS[lead]}\n")
    physical = digital.astype(np.float64) / 1000.0
    return {"lead_sums": [float(x) for x in physical.sum(axis=0)], "first": [float(x) for x in physical[0]], "last": [float(x) for x in physical[-1]]}


def write_tree(folder, count, seconds, seed):
    rng = random.Random(seed)
    rng_np = np.random.default_rng(seed)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    write_statements(folder)
    signals = {}
    rows = []
    for i in range(count):
        ecg_id = i + 1 + (i // 7)  # gaps, as in the real database
        sub = f"{(ecg_id // 1000) * 1000:05d}"
        lr, hr = f"records100/{sub}/{ecg_id:05d}_lr", f"records500/{sub}/{ecg_id:05d}_hr"
        s100 = write_record(os.path.join(folder, os.path.dirname(lr)), os.path.basename(lr), 100, 100 * seconds, rng_np)
        s500 = write_record(os.path.join(folder, os.path.dirname(hr)), os.path.basename(hr), 500, 500 * seconds, rng_np)
        signals[str(ecg_id)] = {"100": s100, "500": s500}
        report = rng.choice(['sinus rhythm, normal ecg', 'sinusrhythmus "normal"', 'afib, lvh; st-t changes', ''])
        rows.append([ecg_id, f"{rng.randint(1, 20000)}.0", f"{rng.randint(20, 90)}.0", rng.randint(0, 1), "1/2/95 9:16",
                     report, scp_codes_for(rng, i), i % 10 + 1, lr, hr])
    with open(os.path.join(folder, "ptbxl_database.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ecg_id", "patient_id", "age", "sex", "recording_date", "report", "scp_codes", "strat_fold", "filename_lr", "filename_hr"])
        w.writerows(rows)
    return signals


def read_statements(folder):
    with open(os.path.join(folder, "scp_statements.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    first = list(rows[0].keys())[0]
    return {r[first]: r for r in rows}


def label_of(statement, code, label_set):
    diagnostic = statement["diagnostic"] == "1.0"
    return {
        "all": code,
        "diagnostic": code if diagnostic else None,
        "subdiagnostic": statement["diagnostic_subclass"] if diagnostic else None,
        "superdiagnostic": statement["diagnostic_class"] if diagnostic else None,
        "form": code if statement["form"] == "1.0" else None,
        "rhythm": code if statement["rhythm"] == "1.0" else None,
    }[label_set]


def expected_labels(folder):
    statements = read_statements(folder)
    with open(os.path.join(folder, "ptbxl_database.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    result = {}
    for label_set in SETS:
        names = sorted({label_of(s, c, label_set) for c, s in statements.items()} - {None})
        ids, folds, matrix, skipped = [], [], [], []
        for row in rows:
            codes = ast.literal_eval(row["scp_codes"])
            assert isinstance(codes, dict)
            labels = {label_of(statements[c], c, label_set) for c in codes} - {None}
            if not labels:
                skipped.append(row["ecg_id"])
                continue
            ids.append(row["ecg_id"])
            folds.append(int(row["strat_fold"]))
            matrix.append([1 if n in labels else 0 for n in names])
        result[label_set] = {"names": names, "ids": ids, "folds": folds, "labels": matrix, "skipped": skipped,
                             "counts": [sum(r[j] for r in matrix) for j in range(len(names))]}
    return result, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench-out", help="write a tree of --records 10-s records here instead of the fixtures")
    parser.add_argument("--records", type=int, default=500)
    args = parser.parse_args()
    if args.bench_out:
        write_tree(args.bench_out, args.records, seconds=10, seed=7)
        print(f"wrote {args.records} records (100 and 500 Hz, 10 s) under {args.bench_out}")
        return

    tree = os.path.join(OUT, "tree")
    signals = write_tree(tree, count=30, seconds=1, seed=20261205)
    labels, rows = expected_labels(tree)
    splits = {name: [r["ecg_id"] for r in rows if int(r["strat_fold"]) in folds]
              for name, folds in (("train", range(1, 9)), ("validation", [9]), ("test", [10]))}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"sets": labels, "splits_all_rows": splits, "signals": signals}, f, indent=1)
    print("synthetic:", {k: (len(v["names"]), len(v["ids"]), len(v["skipped"])) for k, v in labels.items()})

    if os.path.isdir(SHARED):
        shared, _ = expected_labels(SHARED)
        with open(os.path.join(OUT, "shared-expected.json"), "w") as f:
            json.dump(shared, f, indent=1)
        print("shared:", {k: (len(v["names"]), len(v["ids"]), len(v["skipped"])) for k, v in shared.items()})


if __name__ == "__main__":
    main()
