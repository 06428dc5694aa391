#!/usr/bin/python3
"""Reference for the AUROC bootstrap (AurocBootstrapOptions): per-label and macro 95 % intervals computed with
scikit-learn's roc_auc_score and numpy's percentile on resamples drawn by the same SplitMix64 generator.

Run with Debian's python:  /usr/bin/python3 tests/reference/make_bootstrap_fixtures.py

Writes tests/fixtures/evaluation/bootstrap.json: the inputs (seeded: 300 rows, 4 labels: an ordinary one, one with
many tied scores, a rare one with 3 positives, one with no positive), the first indices of the first resample, and
per label the full-set AUROC, the interval and how many resamples had both classes; the same for the macro AUROC
(mean over the labels defined on the full set, counted when all of them have both classes).
"""
import json
import os

import numpy as np
from sklearn.metrics import roc_auc_score

from splitmix64 import SplitMix64

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "fixtures", "evaluation", "bootstrap.json")
RESAMPLES, SEED, LEVEL = 1000, 7, 0.95


def main():
    rng = np.random.default_rng(20261205)
    n = 300
    labels, scores = [], []
    y = rng.random(n) < 0.3
    labels.append(y); scores.append(y * 0.8 + rng.normal(0, 0.6, n))
    y = rng.random(n) < 0.5
    labels.append(y); scores.append(np.round(y * 0.5 + rng.normal(0, 0.5, n), 1))  # many ties
    y = np.zeros(n, bool); y[rng.choice(n, 3, replace=False)] = True
    labels.append(y); scores.append(y * 1.0 + rng.normal(0, 1.0, n))
    labels.append(np.zeros(n, bool)); scores.append(rng.normal(0, 1.0, n))

    generator = SplitMix64(SEED)
    defined = [0 < y.sum() < n for y in labels]
    values = [[] for _ in labels]
    macro = []
    first_indices = None
    for b in range(RESAMPLES):
        idx = np.array([(generator.next() * n) >> 64 for _ in range(n)])
        if first_indices is None:
            first_indices = idx[:20].tolist()
        aurocs, all_valid = [], True
        for j, (y, s) in enumerate(zip(labels, scores)):
            if not defined[j]:
                continue
            yb = y[idx]
            if yb.all() or not yb.any():
                all_valid = False
                continue
            a = roc_auc_score(yb, s[idx])
            values[j].append(a)
            aurocs.append(a)
        if all_valid:
            macro.append(sum(aurocs) / sum(defined))

    def interval(v):
        if len(v) < 2:
            return None
        return [float(np.percentile(v, 100 * (1 - LEVEL) / 2)), float(np.percentile(v, 100 * (1 + LEVEL) / 2)), len(v)]

    result = {
        "resamples": RESAMPLES, "seed": SEED, "level": LEVEL,
        "labels": [y.astype(int).tolist() for y in labels],
        "scores": [s.astype(float).tolist() for s in scores],
        "first_indices": first_indices,
        "auroc": [float(roc_auc_score(y, s)) if d else None for y, s, d in zip(labels, scores, defined)],
        "intervals": [interval(v) if d else None for v, d in zip(values, defined)],
        "macro": interval(macro),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f)
        f.write("\n")
    print(json.dumps({k: result[k] for k in ("first_indices", "auroc", "intervals", "macro")}))


if __name__ == "__main__":
    main()
