#!/usr/bin/env python3
"""report_check.py DIR: every number of DIR/report/summary.md's table equals viscosity.h5's
(to the 4 significant digits the table prints, and '—' exactly where the file has NaN), and
every figure the summary links is a PNG of some size."""
import os, re, sys
import numpy as np
import h5py

d = sys.argv[1]
e = h5py.File(os.path.join(d, "viscosity.h5"))["viscosity/ensembles"]
C = ["ULINM", "UDINM", "unstable", "stable", "all"]
cols = [("temperature", None), ("N", None), ("nsamples", None), ("omega_c", "omega_c_err"), ("P_c", None), ("omega_min", None), ("vtilde0", "vtilde0_err"),
        ("f_u", "f_u_err"), ("f_u_L", "f_u_L_err"), ("eta_gk", "eta_gk_err"), ("eta_shear_md", "eta_shear_md_err")]
cols += [("eta_" + c, "eta_%s_err" % c) for c in C] + [("ratio_" + c, "ratio_%s_err" % c) for c in C]
lines = open(os.path.join(d, "report", "summary.md")).read().splitlines()
rows = [l for l in lines if l.startswith("| ") and not l.startswith("| T ")]
bad = 0
if len(rows) != e["N"].shape[0]:
    print("FAIL: %d table rows for %d ensembles" % (len(rows), e["N"].shape[0]))
    sys.exit(1)
for k, row in enumerate(rows):
    cells = [c.strip() for c in row.strip("|").split("|")]
    for (name, err), cell in zip(cols, cells):
        v = float(e[name][k])
        if cell == "—":
            ok = not np.isfinite(v)
        else:
            parts = cell.split("±")
            x = float(parts[0])
            ok = abs(x - v) <= 5e-4 * abs(v) + 1e-300
            if len(parts) == 2:
                ok = ok and abs(float(parts[1]) - float(e[err][k])) <= 5e-2 * abs(float(e[err][k]))
        if not ok:
            print("FAIL: row %d %s: table '%s', file %g" % (k, name, cell, v))
            bad += 1
for png in re.findall(r"\((fig[^)]*\.png)\)", "\n".join(lines)):
    p = os.path.join(d, "report", png)
    if not (os.path.exists(p) and os.path.getsize(p) > 5000 and open(p, "rb").read(4) == b"\x89PNG"):
        print("FAIL: figure %s" % png)
        bad += 1
print("%d rows x %d columns compared, %d figures, %d bad" % (len(rows), len(cols), len(re.findall(r"\.png\)", "\n".join(lines))), bad))
sys.exit(1 if bad else 0)
