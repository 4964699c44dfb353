#!/usr/bin/env python3
"""Compare two HDF5 files object by object: the same groups, datasets and attributes;
strings and integers equal; floating-point data equal to RTOL of the dataset's largest
magnitude (NaN where both are NaN). Datasets named omega or omega_thz are compared as
omega|omega| (= lambda): the square root would turn the round-off of the three zero modes,
~1e-16 max|lambda|, into ~1e-8 max|omega|. Paths given with --exclude (and everything under them)
are skipped. Prints the worst relative difference per dataset with -v; exits 1 on the
first kind of mismatch it finds, naming the object.

  h5compare.py A.h5 B.h5 [--rtol 1e-9] [--exclude /run ...] [-v]
"""
import argparse
import sys

import h5py
import numpy as np


def walk(f, exclude):
    objs = {}

    def visit(name, obj):
        path = "/" + name
        if any(path == e or path.startswith(e.rstrip("/") + "/") for e in exclude):
            return
        objs[path] = obj
    f.visititems(visit)
    objs["/"] = f
    return objs


def same_values(a, b, rtol):
    """(ok, worst relative difference) for two arrays or scalars."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False, float("inf")
    if a.dtype.kind in "fc" or b.dtype.kind in "fc":
        a, b = a.astype(float), b.astype(float)
        nan = np.isnan(a) | np.isnan(b)
        if (np.isnan(a) != np.isnan(b)).any():
            return False, float("inf")
        if a.size == 0 or nan.all():
            return True, 0.0
        scale = np.max(np.abs(a[~nan]))
        diff = np.max(np.abs(a[~nan] - b[~nan]))
        rel = diff / scale if scale > 0 else diff
        return rel <= rtol, rel
    return bool(np.array_equal(a, b)), 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rtol", type=float, default=1e-9)
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    bad = []
    worst = 0.0
    with h5py.File(args.a, "r") as fa, h5py.File(args.b, "r") as fb:
        oa, ob = walk(fa, args.exclude), walk(fb, args.exclude)
        for p in sorted(set(oa) ^ set(ob)):
            bad.append(f"{p}: only in {args.a if p in oa else args.b}")
        for p in sorted(set(oa) & set(ob)):
            xa, xb = oa[p], ob[p]
            if isinstance(xa, h5py.Dataset) != isinstance(xb, h5py.Dataset):
                bad.append(f"{p}: a dataset in one file, a group in the other")
                continue
            if isinstance(xa, h5py.Dataset):
                da, db = xa[()], xb[()]
                if p.rsplit("/", 1)[-1] in ("omega", "omega_thz") and np.asarray(da).dtype.kind == "f":
                    da, db = da * np.abs(da), db * np.abs(db)
                ok, rel = same_values(da, db, args.rtol)
                worst = max(worst, rel if np.isfinite(rel) else 0.0)
                if args.v:
                    print(f"{p}: relative difference {rel:.2e}")
                if not ok:
                    bad.append(f"{p}: data differ (relative {rel:.2e} > {args.rtol:g})")
            for k in sorted(set(xa.attrs) ^ set(xb.attrs)):
                bad.append(f"{p}@{k}: attribute only in one file")
            for k in sorted(set(xa.attrs) & set(xb.attrs)):
                ok, rel = same_values(xa.attrs[k], xb.attrs[k], args.rtol)
                if not ok:
                    bad.append(f"{p}@{k}: attributes differ")
    for line in bad[:20]:
        print(f"h5compare: {line}", file=sys.stderr)
    print(f"h5compare: {args.a} vs {args.b}: {len(bad)} difference(s); worst relative difference of the data {worst:.2e}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
