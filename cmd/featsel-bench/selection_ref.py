#!/usr/bin/python3
"""scikit-learn's L1 references for featsel-bench's selection benchmark.

For every CSV named on the command line (header row, numeric features, the
target column "target" last) it draws 5 random 80/20 splits
(train_test_split with random_state 0..4, stratified for classes), fits
scikit-learn's cross-validated L1 model on the training part, standardised
on that part, and scores it on the test part:

  classes:    LogisticRegressionCV(penalty="l1", solver="saga",
              Cs=16 values in [1e-3, 1e2], stratified 5-fold), accuracy
  regression: LassoCV(5-fold), R²

It runs two datasets at a time, and writes JSON to stdout: per dataset its SHA-256, task, and per split the
test rows (0-based, in file order after the header), L1's score and the
features (0-based) with a nonzero coefficient. featsel-bench embeds the
result, so that the benchmark runs without Python.

The benchmark's references were made, from the repository's root, with
the synthetic tables written first:

  go run ./cmd/featsel-bench selection --write-synthetic /tmp/syn
  D=../shared/data/real
  /usr/bin/python3 cmd/featsel-bench/selection_ref.py $D/gasoline.csv \
      /tmp/syn/friedman1.csv /tmp/syn/sparse_linear.csv $D/ionosphere.csv \
      $D/sonar.csv $D/musk1.csv $D/mdrr.csv $D/spam.csv $D/satellite.csv \
      $D/digits.csv > cmd/featsel-bench/selection_ref.json
"""
import hashlib
import json
import multiprocessing
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LassoCV, LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.preprocessing import StandardScaler

SPLITS = 5


def classes(y):
    return np.all(y == np.round(y)) and len(np.unique(y)) <= 10


def reference(path):
    raw = open(path, "rb").read()
    header = raw.split(b"\n", 1)[0].decode().strip().split(",")
    if header[-1] != "target":
        sys.exit(f"{path}: the last column is {header[-1]!r}, not 'target'")
    table = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    X, y = table[:, :-1], table[:, -1]
    task = "classification" if classes(y) else "regression"
    rows = np.arange(len(y))
    splits = []
    for seed in range(SPLITS):
        train, test = train_test_split(
            rows, test_size=0.2, random_state=seed,
            stratify=y if task == "classification" else None)
        scaler = StandardScaler().fit(X[train])
        Xtr, Xte = scaler.transform(X[train]), scaler.transform(X[test])
        if task == "classification":
            m = LogisticRegressionCV(
                penalty="l1", solver="saga", Cs=np.logspace(-3, 2, 16),
                cv=StratifiedKFold(5), tol=1e-3, max_iter=1000, random_state=0)
            m.fit(Xtr, y[train])
            score = float(np.mean(m.predict(Xte) == y[test]))
            kept = np.any(m.coef_ != 0, axis=0)
        else:
            m = LassoCV(cv=5, max_iter=20000)
            m.fit(Xtr, y[train])
            resid = y[test] - m.predict(Xte)
            score = float(1 - np.sum(resid**2) / np.sum((y[test] - y[test].mean())**2))
            kept = m.coef_ != 0
        splits.append({"test": sorted(int(i) for i in test),
                       "l1_score": round(score, 6),
                       "l1_selected": [int(j) for j in np.flatnonzero(kept)]})
        print(f"{os.path.basename(path)} split {seed}: {score:.4f}, {kept.sum()} features",
              file=sys.stderr)
    return {"file": os.path.basename(path),
            "sha256": hashlib.sha256(raw).hexdigest(),
            "task": task, "rows": len(y), "features": X.shape[1],
            "splits": splits}


def main():
    warnings.simplefilter("ignore", ConvergenceWarning)
    with multiprocessing.Pool(2) as pool:
        datasets = pool.map(reference, sys.argv[1:], chunksize=1)
    out = {"sklearn": sklearn.__version__, "datasets": datasets}
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
