#!/usr/bin/python3
"""Reference a user would otherwise write: the Kob-Andersen dynamical matrix and affine
force field (xy, xz, yz, bulk) of one H5MD snapshot, vectorised with NumPy/SciPy
(cKDTree neighbour search, sparse BSR matrix). Orthogonal boxes only.
Usage: hessian_numpy.py SNAPSHOT.h5 [repeat] -> prints a CSV row numpy,ka,N,1,,,,<seconds> (min of repeat)."""
import sys, time
import numpy as np, h5py
from scipy.spatial import cKDTree
from scipy import sparse

EPS = np.array([[1.0, 1.5], [1.5, 0.5]]); SIG = np.array([[1.0, 0.8], [0.8, 0.88]])
RC = np.array([[2.5, 2.0], [2.0, 2.2]])

def load(path):
    with h5py.File(path, "r") as f:
        g = f["/particles/all"]
        x = np.asarray(g["position/value"][-1], dtype=float)
        sp = g["species"]  # time-dependent (a group with value) or fixed (a dataset, as prepare writes it)
        t = np.asarray(sp["value"][-1] if isinstance(sp, h5py.Group) else sp, dtype=int) - 1
        e = g["box/edges"]
        edges = np.asarray(e["value"][-1] if isinstance(e, h5py.Group) else e, dtype=float)
        L = np.diag(edges) if edges.ndim == 2 else edges
        origin = np.asarray(g["box/origin"]) if "origin" in g["box"] else np.zeros(3)
    return x - origin, t, L

def build(x, t, L):
    n = len(x)
    xw = np.mod(x, L)
    pairs = cKDTree(xw, boxsize=L).query_pairs(2.5, output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    d = xw[j] - xw[i]; d -= L * np.round(d / L)
    r = np.linalg.norm(d, axis=1)
    a, b = t[i], t[j]
    keep = r < RC[a, b]
    i, j, d, r, a, b = i[keep], j[keep], d[keep], r[keep], a[keep], b[keep]
    s6 = (SIG[a, b] / r) ** 6; s12 = s6 * s6; e = EPS[a, b]
    d1 = 24 * e / r * (s6 - 2 * s12)
    d2 = 24 * e / r**2 * (26 * s12 - 7 * s6)
    u = d / r[:, None]
    K = (d2 - d1 / r)[:, None, None] * u[:, :, None] * u[:, None, :] + (d1 / r)[:, None, None] * np.eye(3)
    diag = np.zeros((n, 3, 3)); np.add.at(diag, i, K); np.add.at(diag, j, K)
    rows = np.concatenate([i, j, np.arange(n)]); cols = np.concatenate([j, i, np.arange(n)])
    blocks = np.concatenate([-K, -K, diag])
    order = np.lexsort((cols, rows))
    indptr = np.searchsorted(rows[order], np.arange(n + 1))
    D = sparse.bsr_matrix((blocks[order], cols[order], indptr), shape=(3 * n, 3 * n))
    xi = {}
    for name, (al, be) in {"xy": (0, 1), "xz": (0, 2), "yz": (1, 2)}.items():
        f = K[:, :, al] * d[:, be:be + 1]          # K e_alpha d_beta
        X = np.zeros((n, 3)); np.add.at(X, i, f); np.add.at(X, j, -f)
        xi[name] = X.ravel()
    f = np.einsum("pab,pb->pa", K, d); X = np.zeros((n, 3)); np.add.at(X, i, f); np.add.at(X, j, -f)
    xi["bulk"] = X.ravel()
    return D, xi

if __name__ == "__main__":
    x, t, L = load(sys.argv[1])
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter(); D, xi = build(x, t, L); best = min(best, time.perf_counter() - t0)
    print(f"numpy,ka,{len(x)},1,,,,{best:.6f}")
