#!/usr/bin/python3
"""A synthetic MIMIC-IV-ECG tree and what loading it must give.

Run with Debian's python:  /usr/bin/python3 tests/reference/make_mimic_iv_ecg_fixtures.py

The tree (tests/fixtures/data/datasets/mimic-iv-ecg/tree) has MIMIC-IV-ECG's layout: record_list.csv (subject_id,
study_id, file_name, ecg_time, path = files/pNNNN/pSSSSSSSS/sTTTTTTTT/TTTTTTTT), machine_measurements.csv (subject_id,
study_id, cart_id, machine, ecg_time, report_0 .. report_17, bandwidth, filtering, rr_interval, ...), and WFDB
format-16 records at 500 Hz, gain 200/mV, with MIMIC's signal order I, II, III, aVR, aVF, aVL, V1-V6 (aVF before aVL).
Records last 1 s (500 samples; the real ones 10 s) to keep the repository small. One listed study has no
measurements row; one measurements row has no record; statements hold commas and quotes; some report_i are empty.

Expected (expected.json), computed here: ids (study_id) in record_list order, subject ids, reports (non-empty
statements, trimmed, joined by ". "), and per record the per-lead sums in the standard lead order I, II, III, aVR, aVL,
aVF, V1-V6.
"""
import csv
import json
import os
import random
import shutil

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "tests", "fixtures", "data", "datasets", "mimic-iv-ecg")
MIMIC_LEADS = ["I", "II", "III", "aVR", "aVF", "aVL", "V1", "V2", "V3", "V4", "V5", "V6"]
STANDARD = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
STATEMENTS = ["Sinus rhythm", "Sinus tachycardia", "Possible left atrial abnormality", "Left axis deviation",
              "Inferior infarct, age undetermined", "Borderline ECG", "Abnormal ECG", "Normal ECG",
              'Lateral ST-T changes are "nonspecific"', "  Atrial fibrillation with rapid ventricular response  ",
              "Prolonged QT interval", "Low QRS voltages in limb leads"]
SAMPLES, RATE, GAIN = 500, 500, 200


def write_record(folder, name, rng):
    os.makedirs(folder, exist_ok=True)
    t = np.arange(SAMPLES) / RATE
    digital = np.empty((SAMPLES, 12), dtype=np.int16)
    for s in range(12):
        digital[:, s] = np.round(150 * np.sin(2 * np.pi * (1.2 + 0.1 * s) * t + s) + rng.integers(-10, 11, SAMPLES)).astype(np.int16)
    digital.astype("<i2").tofile(os.path.join(folder, name + ".dat"))
    with open(os.path.join(folder, name + ".hea"), "w", newline="\n") as f:
        f.write(f"{name} 12 {RATE} {SAMPLES} 13:19:00 16/12/2180\n")
        for s in range(12):
            column = digital[:, s].astype(np.int64)
            f.write(f"{name}.dat 16 {GAIN}(0)/mV 16 0 {column[0]} {int(column.sum()) & 0xFFFF} 0 {MIMIC_LEADS[s]}\n")
    physical = digital.astype(np.float64) / GAIN
    return [float(physical[:, MIMIC_LEADS.index(lead)].sum()) for lead in STANDARD]


def main():
    rng = np.random.default_rng(20261205)
    r = random.Random(20261205)
    tree = os.path.join(OUT, "tree")
    if os.path.isdir(tree):
        shutil.rmtree(tree)
    os.makedirs(tree)
    records = [(10000032, 40689238), (10000032, 44458630), (10000117, 45090959), (10000560, 41136312),
               (10000560, 49201173), (10001725, 42008733)]
    listed, sums = [], {}
    for subject, study in records:
        path = f"files/p{str(subject)[:4]}/p{subject}/s{study}/{study}"
        sums[str(study)] = write_record(os.path.join(tree, os.path.dirname(path)), str(study), rng)
        listed.append({"subject_id": subject, "study_id": study, "file_name": study, "ecg_time": "2180-07-23 08:44:00", "path": path})
    with open(os.path.join(tree, "record_list.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, ["subject_id", "study_id", "file_name", "ecg_time", "path"], lineterminator="\n")
        w.writeheader()
        w.writerows(listed)

    report_columns = [f"report_{i}" for i in range(18)]
    columns = ["subject_id", "study_id", "cart_id", "machine", "ecg_time", *report_columns, "bandwidth", "filtering",
               "rr_interval", "p_onset", "p_end", "qrs_onset", "qrs_end", "t_end", "p_axis", "qrs_axis", "t_axis"]
    rows = []
    without_row = 45090959
    for subject, study in records + [(10009999, 49999999)]:  # the last has no record
        if study == without_row:
            continue
        chosen = r.sample(STATEMENTS, r.randint(1, 5))
        cells = chosen + [""] * (18 - len(chosen))
        if study == 41136312:
            cells[1], cells[2] = "", cells[1]  # an empty statement between two
        if study == 42008733:
            cells[0] = "Inferior infarct, age undetermined"  # a comma inside a field
        rows.append({"subject_id": subject, "study_id": study, "cart_id": r.randint(1, 9999), "machine": "TC50", "ecg_time": "2180-07-23 08:44:00",
                     **dict(zip(report_columns, cells)), "bandwidth": "0.005-150 Hz", "filtering": "60 Hz notch Baseline filter",
                     "rr_interval": r.randint(600, 1100), "p_onset": 40, "p_end": 128, "qrs_onset": 170, "qrs_end": 258,
                     "t_end": 518, "p_axis": 81, "qrs_axis": 77, "t_axis": 79})
    r.shuffle(rows)
    with open(os.path.join(tree, "machine_measurements.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    # Expected, read back from the written CSVs.
    with open(os.path.join(tree, "machine_measurements.csv"), newline="") as f:
        reports = {row["study_id"]: ". ".join(s.strip() for s in (row[c] for c in report_columns) if s.strip()) for row in csv.DictReader(f)}
    with open(os.path.join(tree, "record_list.csv"), newline="") as f:
        listed = list(csv.DictReader(f))
    expected = {"ids": [row["study_id"] for row in listed], "subjects": [row["subject_id"] for row in listed],
                "reports": [reports.get(row["study_id"], "") for row in listed], "lead_sums": sums,
                "without_report": sum(1 for row in listed if row["study_id"] not in reports), "samples": SAMPLES}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print(json.dumps(expected["reports"], indent=1))


if __name__ == "__main__":
    main()
