#!/usr/bin/python3
"""Reference for the evaluation protocol's split and label counts on the 53 real Challenge records.

Run with Debian's python:  /usr/bin/python3 tests/reference/make_protocol_fixtures.py [../shared/data/challenge2021]

Reads each header's '#Dx' SNOMED CT codes, maps them to the Challenge's scored classes through the project's code table
(src/DBeta.MLNet/Data/Datasets/Challenge/challenge2021-snomed-codes.csv: code -> class, classes in the table's order),
splits the records (sorted by header path, one group per record) with the rule of make_split_fixtures.py at train 0.5,
validation 0.2, seed 0, and lists per part its records and per-label positive counts, and the labels the protocol can
measure with at least 1 positive in test (both classes in train, a positive and a negative in test).
Writes tests/fixtures/evaluation/protocol-challenge.json.
"""
import csv
import glob
import json
import os
import sys

import numpy as np

from make_split_fixtures import split

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "tests", "fixtures", "evaluation", "protocol-challenge.json")
TABLE = os.path.join(ROOT, "src", "DBeta.MLNet", "Data", "Datasets", "Challenge", "challenge2021-snomed-codes.csv")


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(ROOT), "shared", "data", "challenge2021")
    with open(TABLE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    class_of = {r["code"]: r["class"] for r in rows if r["class"]}
    classes = list(dict.fromkeys(r["class"] for r in rows if r["class"]))
    headers = sorted(glob.glob(os.path.join(folder, "**", "*.hea"), recursive=True))
    ids, labels = [], []
    for path in headers:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        ids.append(os.path.splitext(os.path.basename(path))[0])
        # '#Dx: ...' or '# Dx: ...', as the Challenge's headers write it
        dx = next(line.split(":", 1)[1] for line in lines if line.startswith("#") and line.lstrip("#").strip().startswith("Dx"))
        row = [0] * len(classes)
        for code in (c.strip() for c in dx.split(",")):
            if code in class_of:
                row[classes.index(class_of[code])] = 1
        labels.append(row)
    labels = np.array(labels)
    fractions = [0.5, 0.2, 1 - 0.5 - 0.2]
    parts = split(ids, labels, fractions, 0)
    names = ["train", "validation", "test"]
    summary = {}
    for s in range(3):
        members = [r for r in range(len(ids)) if parts[r] == s]
        summary[names[s]] = {"records": len(members), "positives": dict(zip(classes, labels[members].sum(axis=0).tolist()))}
    measurable = [c for c in classes
                  if 0 < summary["train"]["positives"][c] < summary["train"]["records"]
                  and 1 <= summary["test"]["positives"][c] < summary["test"]["records"]]
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"ids": ids, "parts": [names[p] for p in parts], "classes": classes, "summary": summary, "measurable": measurable}, f, indent=1)
        f.write("\n")
    print(json.dumps({k: v["records"] for k, v in summary.items()}), measurable)


if __name__ == "__main__":
    main()
