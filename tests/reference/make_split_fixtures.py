#!/usr/bin/python3
"""Reference for the stratified group split (StratifiedGroupSplit), written from its documented rule alone.

Run with Debian's python:  /usr/bin/python3 tests/reference/make_split_fixtures.py

Input (seeded, numpy): 600 records of 230 patients (1 to 5 records each), 6 labels of prevalence 40 % down to
0.5 %. The rule: groups in first-appearance order, shuffled by Fisher-Yates with SplitMix64 (position i swapped with
floor(u (i + 1) / 2^64), i from the last down to 1); ordered stably by the total count of their rarest label (groups
with no label last); each goes to the part (train, validation, test) whose count of that label lags fraction x total
most, ties by the part lagging most in records, then the first part; unlabelled groups by record lag alone.
Writes tests/fixtures/evaluation/split.json: the inputs, the part of every record, and per part its record count,
patient count and label counts, for fractions 0.8 / 0.1 / the rest, and seed 11.
"""
import json
import os

import numpy as np

from splitmix64 import SplitMix64

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "fixtures", "evaluation", "split.json")


def split(groups, labels, fractions, seed):
    n, k = labels.shape
    keys = list(dict.fromkeys(groups))
    members = {g: [r for r in range(n) if groups[r] == g] for g in keys}
    counts = np.array([labels[members[g]].sum(axis=0) for g in keys])
    totals = labels.sum(axis=0)
    order = list(range(len(keys)))
    rng = SplitMix64(seed)
    for i in range(len(keys) - 1, 0, -1):
        j = (rng.next() * (i + 1)) >> 64
        order[i], order[j] = order[j], order[i]
    rarest = []
    for g in range(len(keys)):
        present = [c for c in range(k) if counts[g, c] > 0]
        rarest.append(min(present, key=lambda c: (totals[c], c)) if present else -1)
    order.sort(key=lambda g: totals[rarest[g]] if rarest[g] >= 0 else float("inf"))
    labelled = np.zeros((3, k))
    records = np.zeros(3)
    parts = [None] * n
    for g in order:
        c = rarest[g]
        def score(s):
            lag = fractions[s] * totals[c] - labelled[s, c] if c >= 0 else 0.0
            return (lag, fractions[s] * n - records[s], -s)
        best = max(range(3), key=score)
        for r in members[keys[g]]:
            parts[r] = best
        records[best] += len(members[keys[g]])
        labelled[best] += counts[g]
    return parts


def main():
    rng = np.random.default_rng(5)
    groups = []
    patient = 0
    while len(groups) < 600:
        groups += [f"p{patient:04d}"] * int(rng.integers(1, 6))
        patient += 1
    groups = groups[:600]
    prevalence = [0.4, 0.2, 0.1, 0.05, 0.02, 0.005]
    labels = (rng.random((600, 6)) < prevalence).astype(int)
    fractions = [0.8, 0.1, 1 - 0.8 - 0.1]  # the test part takes the rest, computed as the library does
    parts = split(groups, labels, fractions, 11)
    summary = []
    for s in range(3):
        rows = [r for r in range(600) if parts[r] == s]
        summary.append({"records": len(rows), "patients": len({groups[r] for r in rows}), "labels": labels[rows].sum(axis=0).tolist()})
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"seed": 11, "fractions": fractions, "groups": groups, "labels": labels.tolist(), "parts": parts, "summary": summary}, f)
        f.write("\n")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
