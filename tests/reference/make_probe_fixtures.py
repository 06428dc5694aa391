#!/usr/bin/python3
"""Reference fixtures for DBeta.MLNet's Evaluation and Heads (probes).

Run with Debian's python: /usr/bin/python3 tests/reference/make_probe_fixtures.py
Writes tests/fixtures/probes/:
  auroc_cases.json              binary cases with ties, and sklearn's roc_auc_score / roc_curve / f1 at 0.5
  train_embeddings.npy          [600, 64] float32 embeddings from a seeded latent model
  train_labels.csv              CODE gold_standard.csv layout: header 1dAVb,RBBB,LBBB,SB,AF,ST, 0/1 rows
  test_embeddings.npy           [300, 64] float32
  test_labels.csv
  sklearn_lr_test_probabilities.csv   sklearn's per-label test probabilities (one column per label)
  sklearn_lr.json               settings and per-label test AUROC / F1 / sensitivity / specificity of sklearn's probe
  sklearn_lr_optimum.json       the exact optimum (sklearn's newton-cholesky) of both linear heads' objectives, per
                                label: intercept, 64 coefficients (standardised space), test logits, test AUROC
Deterministic: every random draw comes from numpy's seeded Generator.
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, recall_score, roc_auc_score, roc_curve
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "probes")
LABELS = ["1dAVb", "RBBB", "LBBB", "SB", "AF", "ST"]
THRESHOLD = 0.5


def binary_metrics(y, s):
    """sklearn's metrics for one binary case; AUROC undefined (None) when one class only."""
    y = np.asarray(y, dtype=np.int64)
    s = np.asarray(s, dtype=np.float64)
    pred = (s >= THRESHOLD).astype(np.int64)
    out = {
        "positives": int(y.sum()),
        "negatives": int((1 - y).sum()),
        "f1": float(f1_score(y, pred, zero_division=0)),
    }
    if 0 < y.sum() < len(y):
        fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
        out.update(
            auroc=float(roc_auc_score(y, s)),
            fpr=fpr.tolist(), tpr=tpr.tolist(),
            # sklearn 1.2 puts max(score) + 1 first, later versions inf: compare from index 1 on.
            thresholds=thr.tolist(),
            sensitivity=float(recall_score(y, pred)),
            specificity=float(recall_score(1 - y, 1 - pred)),
        )
    else:
        out.update(auroc=None, undefined="only positives" if y.sum() == len(y) else "only negatives")
    return out


def auroc_cases(rng):
    cases = []

    def add(name, y, s):
        case = {"name": name, "y_true": [int(v) for v in y], "y_score": [float(v) for v in s]}
        case.update(binary_metrics(y, s))
        cases.append(case)

    n = 200
    y = rng.random(n) < 0.3
    add("many_ties_one_decimal", y, np.round(rng.random(n) * 0.5 + 0.4 * y, 1))
    add("all_equal", y, np.full(n, 0.5))
    s = rng.random(n)
    add("perfect", y, s + 2.0 * y)
    add("inverted", y, s - 2.0 * y)
    y = np.zeros(500, dtype=bool)
    y[[17, 333]] = True
    add("few_positives_with_ties", y, np.round(rng.normal(size=500) + 1.0 * y, 1))
    y = rng.random(1000) < 0.1
    add("continuous_float32", y, (rng.normal(size=1000) + 1.2 * y).astype(np.float32))
    y = rng.random(300) < 0.5
    add("integer_scores", y, rng.integers(0, 3, size=300) + (rng.random(300) < 0.3) * y)
    add("probabilities_saturated", y, np.where(rng.random(300) < 0.4, 1.0, rng.random(300)))
    add("tied_at_threshold", [0, 1, 1, 0, 1, 0, 0, 1], [0.5, 0.5, 0.7, 0.2, 0.5, 0.9, 0.5, 0.1])
    add("only_positives", [1, 1, 1, 1], [0.1, 0.4, 0.4, 0.9])
    add("only_negatives", [0, 0, 0], [0.2, 0.3, 0.9])
    return cases


def probe_dataset(rng):
    """Seeded latent model: 8 latent factors -> 64-d embeddings; each label is a noisy logistic of the latents."""
    n_train, n_test, d, k = 600, 300, 64, 8
    n = n_train + n_test
    z = rng.normal(size=(n, k))
    mixing = rng.normal(size=(k, d)) / np.sqrt(k)
    x = z @ mixing + 0.8 * rng.normal(size=(n, d)) + rng.normal(size=d) * 0.5  # offset: embeddings are not centred
    x = x * rng.uniform(0.5, 2.0, size=d)  # unequal feature scales, as in real embeddings
    # label directions share latent factors so labels correlate (e.g. RBBB with 1dAVb).
    directions = rng.normal(size=(len(LABELS), k))
    directions[1] += 0.7 * directions[0]
    directions[4] += 0.5 * directions[3]
    prevalence = np.array([0.05, 0.08, 0.04, 0.03, 0.10, 0.15])
    logits = z @ directions.T
    logits = 1.6 * logits / logits.std(axis=0)
    y = np.zeros((n, len(LABELS)), dtype=np.int64)
    for j, p in enumerate(prevalence):
        # bias chosen so the expected prevalence is p, then a noisy draw keeps the task imperfect.
        bias = np.quantile(logits[:, j], 1 - p)
        prob = 1 / (1 + np.exp(-2.5 * (logits[:, j] - bias)))
        y[:, j] = rng.random(n) < prob
    x = x.astype(np.float32)
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


def exact_optimum(xs_train, y, xs_test, penalise_intercept):
    """sklearn's Newton solver run to machine precision (its lbfgs stops ~1e-4 short on this data).

    Free intercept: sum(logloss) + |w|^2 / 2, ML.NET's L-BFGS with L2 weight 1 (sklearn C = 1).
    Penalised intercept: sum(logloss) + (|w|^2 + b^2) / 2, ML.NET's SDCA with lambda = 1 / rows (SDCA's bias is a
    feature of value 1 under the same L2 when its BiasLearningRate is 0): a constant column, fit_intercept=False.
    """
    if penalise_intercept:
        xs_train = np.c_[xs_train, np.ones(len(xs_train))]
        xs_test = np.c_[xs_test, np.ones(len(xs_test))]
    model = LogisticRegression(C=1.0, penalty="l2", solver="newton-cholesky", max_iter=100, tol=1e-12,
                               fit_intercept=not penalise_intercept)
    model.fit(xs_train, y)
    coef = model.coef_[0]
    intercept = coef[-1] if penalise_intercept else model.intercept_[0]
    coef = coef[:-1] if penalise_intercept else coef
    # the optimality condition, checked here so the fixture cannot hold an unconverged model.
    x1 = np.c_[np.ones(len(xs_train)), xs_train[:, :len(coef)]]
    w = np.r_[intercept, coef]
    gradient = x1.T @ (1 / (1 + np.exp(-x1 @ w)) - y) + np.r_[intercept if penalise_intercept else 0.0, coef]
    assert np.abs(gradient).max() < 1e-8, np.abs(gradient).max()
    scores = model.decision_function(xs_test)
    return {"intercept": float(intercept), "coef": [float(v) for v in coef], "test_scores": [float(v) for v in scores],
            "max_gradient": float(np.abs(gradient).max())}


def write_labels(path, y):
    with open(path, "w", newline="\n") as f:
        f.write(",".join(LABELS) + "\n")
        for row in y:
            f.write(",".join(str(int(v)) for v in row) + "\n")


def main():
    rng = np.random.default_rng(20250704)
    os.makedirs(OUT, exist_ok=True)

    cases = auroc_cases(rng)
    with open(os.path.join(OUT, "auroc_cases.json"), "w") as f:
        json.dump({"sklearn": sklearn.__version__, "threshold": THRESHOLD, "cases": cases}, f)

    x_train, y_train, x_test, y_test = probe_dataset(rng)
    np.save(os.path.join(OUT, "train_embeddings.npy"), x_train)
    np.save(os.path.join(OUT, "test_embeddings.npy"), x_test)
    write_labels(os.path.join(OUT, "train_labels.csv"), y_train)
    write_labels(os.path.join(OUT, "test_labels.csv"), y_test)

    # The probe: standardise with the training rows' mean and population std, then L2 logistic regression,
    # C = 1 / L2 (ML.NET's L-BFGS minimises sum(logloss) + L2/2 |w|^2, bias unregularised, like sklearn's lbfgs).
    c = 1.0
    scaler = StandardScaler().fit(x_train.astype(np.float64))
    xs_train = scaler.transform(x_train.astype(np.float64))
    xs_test = scaler.transform(x_test.astype(np.float64))
    per_label = {}
    probabilities = np.zeros((len(x_test), len(LABELS)))
    for j, name in enumerate(LABELS):
        model = LogisticRegression(C=c, penalty="l2", solver="lbfgs", max_iter=10000, tol=1e-10)
        model.fit(xs_train, y_train[:, j])
        probabilities[:, j] = model.predict_proba(xs_test)[:, 1]
        m = binary_metrics(y_test[:, j], probabilities[:, j])
        per_label[name] = {
            "auroc": m["auroc"], "f1": m["f1"], "sensitivity": m["sensitivity"], "specificity": m["specificity"],
            "train_positives": int(y_train[:, j].sum()), "test_positives": m["positives"],
        }
    with open(os.path.join(OUT, "sklearn_lr_test_probabilities.csv"), "w", newline="\n") as f:
        f.write(",".join(LABELS) + "\n")
        for row in probabilities:
            f.write(",".join(repr(float(v)) for v in row) + "\n")
    defined = [v["auroc"] for v in per_label.values() if v["auroc"] is not None]
    with open(os.path.join(OUT, "sklearn_lr.json"), "w") as f:
        json.dump({
            "sklearn": sklearn.__version__,
            "model": "StandardScaler (population std) + LogisticRegression(penalty=l2, C=1, solver=lbfgs), one per label",
            "C": c, "threshold": THRESHOLD, "labels": LABELS,
            "macro_auroc": float(np.mean(defined)), "per_label": per_label,
        }, f, indent=1)

    optimum = {}
    for key, penalise in (("free_intercept", False), ("penalised_intercept", True)):
        optimum[key] = {}
        for j, name in enumerate(LABELS):
            fit = exact_optimum(xs_train, y_train[:, j], xs_test, penalise)
            fit["auroc"] = float(roc_auc_score(y_test[:, j], fit["test_scores"]))
            optimum[key][name] = fit
    with open(os.path.join(OUT, "sklearn_lr_optimum.json"), "w") as f:
        json.dump({
            "sklearn": sklearn.__version__,
            "model": "StandardScaler (population std) + LogisticRegression(penalty=l2, C=1, solver=newton-cholesky, tol=1e-12), one per label",
            "free_intercept": "sum(logloss) + |w|^2 / 2 (ML.NET L-BFGS, L2 weight 1)",
            "penalised_intercept": "sum(logloss) + (|w|^2 + b^2) / 2 (ML.NET SDCA, L2 weight 1 / rows, BiasLearningRate 0)",
            "labels": LABELS, "objectives": optimum,
        }, f)

    for name, v in per_label.items():
        print(f"{name:6s} train+ {v['train_positives']:3d} test+ {v['test_positives']:3d} AUROC {v['auroc']:.4f} F1 {v['f1']:.4f}")
    print("macro", np.mean(defined), file=sys.stderr)


if __name__ == "__main__":
    main()
