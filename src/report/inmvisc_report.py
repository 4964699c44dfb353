#!/usr/bin/env python3
"""inmvisc-report DIR: figures like the paper's (Figs. 1-3, S3) and a Markdown summary from the
results files of a campaign directory (modes.h5, transport.h5, viscosity.h5 of `inmvisc run`).

Writes DIR/report/fig*.png and .pdf and DIR/report/summary.md. Every number of the summary's
tables is read from viscosity.h5 as it is (the tests compare them). Figures:
  fig1a g(omega) per T            fig1b Gamma(omega)/m^2 per T     fig1c C_FF(t)/C_FF(0) per T
  fig1d vtilde(0) vs T, both routes, with the VFT fit
  fig2a P(omega) per N at one T   fig2b P(omega) per T, P_c line   fig2c omega_c(T)
  fig2d f_s, f_u, f_u^L, f_u^D vs T
  fig2e rho_typ/rho_mean per T (KPM local densities, -inm_kpm_sites), where the campaign has it
  fig3a eta vs T: Green-Kubo, shear MD, ULINM, VFT     fig3b every class against Green-Kubo
  figS3 g(omega)/|omega| near 0
"""
import os, sys
import numpy as np
import h5py
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

CLASSES = ["ULINM", "UDINM", "unstable", "stable", "all"]


def s(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def save(fig, out, name):
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig(os.path.join(out, "%s.%s" % (name, ext)), dpi=130)
    plt.close(fig)
    return name + ".png"


def fmt(x, dx=None):
    if x is None or not np.isfinite(x):
        return "—"
    if dx is None or not np.isfinite(dx):
        return "%.4g" % x
    return "%.4g ± %.2g" % (x, dx)


def main(d):
    out = os.path.join(d, "report")
    os.makedirs(out, exist_ok=True)
    V = h5py.File(os.path.join(d, "viscosity.h5"), "r")
    M = h5py.File(os.path.join(d, "modes.h5"), "r")
    trp = os.path.join(d, "transport.h5")
    Tr = h5py.File(trp, "r") if os.path.exists(trp) else None
    units, model, vu = s(V.attrs["units"]), s(V.attrs["model"]), s(V.attrs["viscosity_unit"])
    lj = units == "lj"
    u_w = "rad/τ" if lj else "rad/ps"
    u_T = "ε/k_B" if lj else "K"
    e = V["viscosity/ensembles"]
    T, N = e["temperature"][()], e["N"][()]
    temps = np.unique(T)
    sizes = np.unique(N)
    cmap = plt.get_cmap("viridis")
    col = {t: cmap(i / max(1, len(temps) - 1)) for i, t in enumerate(temps)}
    figs = []
    # largest N at each T
    big = np.array([np.argmax(np.where(T == t, N, -1)) for t in temps])

    have_spectra = "modes/ensembles" in M  # the binned spectra of a modes campaign
    mT = M["modes/ensembles/temperature_nominal"][()] if have_spectra else np.zeros(0)
    mN = M["modes/ensembles/N"][()] if have_spectra else np.zeros(0)
    mbar = float(np.mean(M["modes/tasks/mass_mean"][()]))

    def mens(t, n):
        k = np.where((np.abs(mT - t) < 1e-9 * t) & (mN == n))[0]
        return M["modes/ensemble_%03d" % k[0]] if len(k) else None

    def modes_per_bin(g, n):
        """The modes behind each bin: the count of the modes binned, or for spectra from KPM
        moments alone (-inm_solver kpm: count 0 everywhere) g dw (3N - 3) per sample."""
        c = g["count"][()]
        if np.sum(c) > 0:
            return c
        w = g["omega"][()]
        return g["g"][()] * (w[1] - w[0]) * (3 * n - 3)

    # Fig. 1a, 1b, S3
    fa, aa = plt.subplots(figsize=(5, 3.6))
    fb, ab = plt.subplots(figsize=(5, 3.6))
    fs, as_ = plt.subplots(figsize=(5, 3.6))
    for t in temps:
        n = sizes[-1] if mens(t, sizes[-1]) is not None else sizes[0]
        g = mens(t, n)
        if g is None:
            continue
        w, gg, G, c = g["omega"][()], g["g"][()], g["Gamma"][()], modes_per_bin(g, n)
        aa.plot(w, gg, color=col[t], label="T = %g" % t)
        ok = c >= 5
        ab.semilogy(w[ok], G[ok] / mbar, ".", ms=3, color=col[t], label="T = %g" % t)
        dw = w[1] - w[0]
        near = (np.abs(w) < 0.25 * np.max(np.abs(w))) & (np.abs(w) > dw)  # the bin at 0 divides by ~0
        as_.plot(w[near], gg[near] / np.abs(w[near]), color=col[t], label="T = %g" % t)
    aa.set(xlabel="ω (%s; imaginary < 0)" % u_w, ylabel="g(ω)", title="Fig. 1a: density of states (%s, N = %d)" % (model, sizes[-1]))
    aa.axvline(0, color="k", lw=0.5)
    aa.legend(fontsize=8)
    ab.set(xlabel="ω (%s)" % u_w, ylabel="Γ(ω)/m²", title="Fig. 1b: affine projection per mode")
    ab.legend(fontsize=8)
    as_.set(xlabel="ω (%s)" % u_w, ylabel="g(ω)/|ω|", title="Fig. S3: g ∝ |ω| near ω = 0")
    as_.legend(fontsize=8)
    if have_spectra:
        figs += [save(fa, out, "fig1a_dos"), save(fb, out, "fig1b_gamma"), save(fs, out, "figS3_low_frequency")]
    else:
        for x in (fa, fb, fs):
            plt.close(x)

    # Fig. 1c: memory kernel
    if Tr is not None:
        f, a = plt.subplots(figsize=(5, 3.6))
        te = Tr["transport/ensembles"]
        drawn = False
        sizes = sorted(set(int(n) for n in te["N"][()]))
        styles = ["-", "--", ":", "-."]  # one line style per N, one colour per T
        for k in range(te["N"].shape[0]):
            if "transport/ensemble_%03d" % k not in Tr:
                continue
            g = Tr["transport/ensemble_%03d" % k]
            if "kernel" not in g:
                continue
            K = g["kernel"][()]
            t = np.arange(K.size) * g.attrs["kernel_dt"]
            a.plot(t, K / K[0], color=col.get(te["temperature_nominal"][k], "k"), ls=styles[sizes.index(int(te["N"][k])) % len(styles)], label="T = %g, N = %d" % (te["temperature_nominal"][k], te["N"][k]))
            drawn = True
        a.axhline(0, color="k", lw=0.5)
        a.set(xlabel="t (%s)" % ("τ" if lj else "ps"), ylabel="C̄_FF(t)/C̄_FF(0)", title="Fig. 1c: random-force autocorrelation")
        if drawn:
            a.legend(fontsize=7)
            figs.append(save(f, out, "fig1c_memory_kernel"))
        else:
            plt.close(f)

    # Fig. 1d: vtilde(0) both routes with VFT
    f, a = plt.subplots(figsize=(5, 3.6))
    if Tr is not None:
        te = Tr["transport/ensembles"]
        tt = te["temperature_nominal"][()]
        for name, lab, mk in (("vtilde0_D", "k_BT/D (Eq. 5)", "o"), ("vtilde0_kernel", "∫C̄_FF/k_BT (Eq. 3)", "s")):
            if name not in te:
                continue
            y, dy = te[name][()], te[name + "_err"][()]
            ok = y > 0
            a.errorbar(tt[ok], y[ok], dy[ok], fmt=mk, capsize=3, label=lab)
    fit = V["viscosity/fits/vft_vtilde0"]
    if fit.attrs["ok"]:
        x = np.linspace(temps.min(), temps.max(), 100)
        a.plot(x, fit.attrs["eta_0"] * np.exp(fit.attrs["B"] / (x - fit.attrs["T_0"])), "k--", label="VFT")
    a.set(xlabel="T (%s)" % u_T, ylabel="ṽ(0) (%s)" % ("m/τ" if lj else "amu/ps"), title="Fig. 1d: zero-frequency friction")
    a.legend(fontsize=8)
    figs.append(save(f, out, "fig1d_vtilde0"))

    # Fig. 2a: P(omega) per N at the temperature with most sizes; 2b: per T at the largest N
    fss = V["viscosity/fss"]
    f, a = plt.subplots(figsize=(5, 3.6))
    if not len(fss.keys()):  # omega_c given (-omega_c): no finite-size scaling to draw
        plt.close(f)
        f = None
    else:
        g = fss[sorted(fss.keys())[0]]
        w, P, cnt = g["omega"][()], g["P"][()], g["count"][()]
        for k, n in enumerate(g["N"][()]):
            ok = cnt[k] >= 5
            a.semilogy(w[ok], P[k][ok], "o-", ms=3, label="N = %d" % n)
        a.axvline(-g.attrs["omega_c"], color="r", ls="--", label="−ω_c = %.3g ± %.2g" % (-g.attrs["omega_c"], g.attrs["omega_c_err"]))
        a.axhline(g.attrs["P_c"], color="gray", ls=":", label="P_c = %.3g" % g.attrs["P_c"])
        a.set(title="Fig. 2a: participation ratio per N, T = %g" % g.attrs["temperature"])
        ax2 = a.twinx()
        ax2.plot(w, g["exponent"][()], "k.", ms=3)
        ax2.set_ylabel("d ln P / d ln N (dots)")
        ax2.set_ylim(-1.5, 0.5)
        a.set(xlabel="ω (%s), unstable branch" % u_w, ylabel="P(ω)")
        a.legend(fontsize=7, loc="lower left")
        figs.append(save(f, out, "fig2a_P_vs_N"))
    # 2b: P(omega) per T at the largest N, and (2e) the KPM localisation measure rho_typ /
    # rho_mean where the campaign has it (-inm_kpm_sites): beside P, or alone for -inm_solver kpm,
    # whose spectra hold no P
    for q, name, ylab, title in (("P", "fig2b_P_vs_T", "P(ω)", "Fig. 2b: P(ω) per T"),
                                 ("typical_ratio", "fig2e_typical_ratio", "ρ_typ/ρ_mean (KPM, random atoms)", "Fig. 2e: ρ_typ/ρ_mean per T")):
        f, a = plt.subplots(figsize=(5, 3.6))
        drawn = False
        for i, t in enumerate(temps):
            g = mens(t, N[big[i]])
            if g is None or q not in g:
                continue
            w, y = g["omega"][()], g[q][()]
            # P only where modes were binned (a KPM campaign has none: its P is empty); the
            # typical ratio wherever the density of states puts a mode per sample
            ok = (g["count"][()] >= 5 if q == "P" else modes_per_bin(g, N[big[i]]) >= 1) & (w < 0) & np.isfinite(y)
            if not ok.any():
                continue
            a.plot(w[ok], y[ok], color=col[t], label="T = %g" % t)
            if np.isfinite(e["omega_c"][big[i]]):
                a.axvline(-e["omega_c"][big[i]], color=col[t], ls="--", lw=0.8, label="−ω_c, T = %g" % t)
            drawn = True
        pc = e["P_c"][()]
        if q == "P" and np.any(np.isfinite(pc)):
            a.axhline(np.nanmean(pc), color="r", ls=":", label="P_c = %.3g" % np.nanmean(pc))
        a.set(xlabel="ω (%s), unstable branch" % u_w, ylabel=ylab, title="%s (N = %d)" % (title, sizes[-1]))
        if drawn:
            a.legend(fontsize=8)
            figs.append(save(f, out, name))
        else:
            plt.close(f)
    f, a = plt.subplots(figsize=(5, 3.6))
    a.errorbar(T[big], e["omega_c"][()][big], e["omega_c_err"][()][big], fmt="o-", capsize=3)
    a.set(xlabel="T (%s)" % u_T, ylabel="ω_c (%s)" % u_w, title="Fig. 2c: mobility edge")
    figs.append(save(f, out, "fig2c_omega_c"))
    f, a = plt.subplots(figsize=(5, 3.6))
    drawn = False
    for q, lab in (("f_s", "f_s"), ("f_u", "f_u"), ("f_u_L", "f_u^L"), ("f_u_D", "f_u^D")):
        y = e[q][()][big]
        if np.any(np.isfinite(y) & (y > 0)):
            a.errorbar(T[big], y, e[q + "_err"][()][big], fmt="o-", capsize=3, label=lab)
            drawn = True
    a.set(xlabel="T (%s)" % u_T, ylabel="fraction of the 3N − 3 modes", title="Fig. 2d: stable, unstable, localized, delocalized")
    if drawn:
        a.set_yscale("log")
        a.legend(fontsize=8)
        figs.append(save(f, out, "fig2d_fractions"))
    else:
        plt.close(f)

    # Fig. 3a, 3b
    f, a = plt.subplots(figsize=(5, 3.8))
    a.errorbar(T[big], e["eta_gk"][()][big], e["eta_gk_err"][()][big], fmt="ko", capsize=3, label="Green–Kubo")
    if np.any(np.isfinite(e["eta_shear_md"][()])):
        a.errorbar(T[big], e["eta_shear_md"][()][big], e["eta_shear_md_err"][()][big], fmt="k^", mfc="none", capsize=3, label="shear MD (lowest rate)")
    a.errorbar(T[big], e["eta_ULINM"][()][big], e["eta_ULINM_err"][()][big], fmt="rs", capsize=3, label="Eq. (1), ULINMs")
    for q, ls in (("vft_eta_gk", "k--"), ("vft_eta_ULINM", "r--")):
        fit = V["viscosity/fits/" + q]
        if fit.attrs["ok"]:
            x = np.linspace(temps.min(), temps.max(), 100)
            a.plot(x, fit.attrs["eta_0"] * np.exp(fit.attrs["B"] / (x - fit.attrs["T_0"])), ls, lw=0.8, label="VFT")
    a.set(xlabel="T (%s)" % u_T, ylabel="η (%s)" % vu, yscale="log", title="Fig. 3a: shear viscosity (%s)" % model)
    a.legend(fontsize=8)
    figs.append(save(f, out, "fig3a_eta_vs_T"))
    f, a = plt.subplots(figsize=(5, 3.8))
    gk = e["eta_gk"][()][big]
    if not np.any(np.isfinite(gk) & (gk > 0)):  # no Green-Kubo value to compare with
        plt.close(f)
        f = None
    lo, hi = (np.nanmin(gk), np.nanmax(gk)) if f is not None else (0, 0)
    for c, mk in zip(CLASSES, "os^vD"):
        y, dy = e["eta_" + c][()][big], e["eta_" + c + "_err"][()][big]
        ok = np.isfinite(y) & (y > 0) & np.isfinite(gk) & (gk > 0)
        if f is not None and ok.any():
            a.errorbar(gk[ok], y[ok], dy[ok], xerr=e["eta_gk_err"][()][big][ok], fmt=mk, capsize=2, label=c)
            lo, hi = min(lo, np.nanmin(y[ok])), max(hi, np.nanmax(y[ok]))
    if f is not None:
        a.plot([lo, hi], [lo, hi], "k-", lw=0.6, label="y = x")
        a.set(xscale="log", yscale="log", xlabel="η Green–Kubo (%s)" % vu, ylabel="η Eq. (1) per class (%s)" % vu, title="Fig. 3b: every mode class against Green–Kubo")
        a.legend(fontsize=8)
        figs.append(save(f, out, "fig3b_classes_vs_gk"))

    # Fig. 4: the entropy model, when S_conf was given (inmvisc entropy, or a table)
    if "S_conf" in e and V["viscosity/fits/entropy_sconf"].attrs["ok"]:
        f, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.6))
        fu, Sc = e["f_u_L"][()][big], e["S_conf"][()][big]
        sc = V["viscosity/fits/entropy_sconf"].attrs
        dSc = e["S_conf_err"][()][big] if "S_conf_err" in e else None
        a1.errorbar(np.log(fu), Sc, dSc, fmt="o", capsize=2, label="S_conf")
        x = np.linspace(np.nanmin(np.log(fu)), np.nanmax(np.log(fu)), 50)
        a1.plot(x, sc["a"] * x + sc["b"], "k--", label="a ln f_u^L + b: a = %.3g, b = %.3g" % (sc["a"], sc["b"]))
        a1.set(xlabel="ln f_u^L", ylabel="S_conf (k_B per atom)", title="Fig. 4a: S_conf against ULINMs")
        a1.legend(fontsize=7)
        a2.errorbar(T[big], e["eta_gk"][()][big], e["eta_gk_err"][()][big], fmt="ko", capsize=3, label="Green–Kubo")
        for q, ls, lab in (("entropy_eta_gk", "b--", "A exp(B/(T S_conf)^λ)"), ("entropy_combined", "r:", "with S_conf = a ln f_u^L + b")):
            en = V["viscosity/fits/" + q].attrs
            if en["ok"]:
                Sx = Sc if q == "entropy_eta_gk" else sc["a"] * np.log(fu) + sc["b"]
                a2.plot(T[big], en["A"] * np.exp(en["B"] / (T[big] * Sx) ** en["lambda"]), ls, label="%s, λ = %.3g" % (lab, en["lambda"]))
        a2.set(xlabel="T (%s)" % u_T, ylabel="η (%s)" % vu, yscale="log", title="Fig. 4b: entropy model")
        a2.legend(fontsize=7)
        figs.append(save(f, out, "fig4_entropy_model"))

    # summary
    L = ["# inmvisc report: %s (%s units; η in %s)" % (model, units, vu), ""]
    L.append("Every number below is read from `viscosity.h5` (mean over samples ± standard error).")
    L.append("")
    L.append("| T | N | samples | ω_c | P_c | ω_min | ṽ(0) | f_u | f_u^L | η_GK | η shear MD | " + " | ".join("η %s" % c for c in CLASSES) + " | " + " | ".join("%s/GK" % c for c in CLASSES) + " |")
    L.append("|" + "---|" * (11 + 2 * len(CLASSES)))
    for k in range(len(T)):
        row = [fmt(T[k]), str(N[k]), str(e["nsamples"][k]), fmt(e["omega_c"][k], e["omega_c_err"][k]), fmt(e["P_c"][k]), fmt(e["omega_min"][k]),
               fmt(e["vtilde0"][k], e["vtilde0_err"][k]), fmt(e["f_u"][k], e["f_u_err"][k]), fmt(e["f_u_L"][k], e["f_u_L_err"][k]),
               fmt(e["eta_gk"][k], e["eta_gk_err"][k]), fmt(e["eta_shear_md"][k], e["eta_shear_md_err"][k])]
        row += [fmt(e["eta_" + c][k], e["eta_" + c + "_err"][k]) for c in CLASSES]
        row += [fmt(e["ratio_" + c][k], e["ratio_" + c + "_err"][k]) for c in CLASSES]
        L.append("| " + " | ".join(row) + " |")
    L.append("")
    L.append("VFT fits (η = η₀ exp(B/(T − T₀))):")
    L.append("")
    for q in ("vft_eta_gk", "vft_eta_ULINM", "vft_vtilde0"):
        fit = V["viscosity/fits/" + q]
        if fit.attrs["ok"] and "eta_0" in fit.attrs:
            L.append("- %s: η₀ = %s, B = %s, T₀ = %s" % (q, fmt(fit.attrs["eta_0"], fit.attrs["eta_0_err"]), fmt(fit.attrs["B"], fit.attrs["B_err"]), fmt(fit.attrs["T_0"], fit.attrs["T_0_err"])))
        else:
            L.append("- %s: not fitted (%s)" % (q, s(fit.attrs["not_fitted"])))
    L.append("")
    L += ["![%s](%s)" % (x[:-4], x) for x in figs]
    with open(os.path.join(out, "summary.md"), "w") as fp:
        fp.write("\n".join(L) + "\n")
    print("[report] %d figures and summary.md in %s" % (len(figs), out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: inmvisc-report DIR")
    main(sys.argv[1])
