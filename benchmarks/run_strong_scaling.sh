#!/usr/bin/env bash
# Strong scaling of each stage of `inmvisc run` (prepare, modes, transport, viscosity, report)
# on one campaign over rank counts: the same campaign (CAMPAIGN options, default a KA study of
# N = 500 and 1372 at T = 1.0, 4 samples) on each count of RANKS (default "1 2"; written for
# clusters: RANKS="16 32 64 128 256" LAUNCH="srun -n"), one rank group per rank, from scratch
# each time. Writes benchmarks/results/strong_scaling.csv (ranks, stage, seconds) and
# strong_scaling.png (time per stage against ranks, with the ideal 1/ranks line).
# Usage: bash benchmarks/run_strong_scaling.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
ranks=${RANKS:-"1 2"}
launch=${LAUNCH:-"mpiexec -n"}
campaign=${CAMPAIGN:-"-temperatures 1.0 -sizes 500,1372 -samples 4"}
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
csv=$here/results/strong_scaling.csv
echo "ranks,stage,seconds" > "$csv"
work=$(mktemp -d)
for np in $ranks; do
  # shellcheck disable=SC2086
  $launch "$np" "$build/inmvisc" run -output "$work/np$np" $campaign > "$work/np$np.log" 2>&1
  # the stage starts and the end, from run's own progress lines
  awk -v np="$np" '
    /^\[run\] stage [0-9]\/5/ { split($0, a, "[(]"); split(a[length(a)], b, " "); t[++n] = b[1]; name[n] = $0 }
    /^\[run\] done in/ { end = $4 }
    END { split("prepare modes transport viscosity report", s, " ");
          for (i = 1; i <= 5; i++) printf "%d,%s,%.3f\n", np, s[i], (i < 5 ? t[i + 1] : end) - t[i] }' "$work/np$np.log" >> "$csv"
done
"${INM_PYTHON:-/usr/bin/python3}" - "$csv" "$here/results/strong_scaling.png" <<'PY'
import sys, csv
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = list(csv.DictReader(open(sys.argv[1])))
stages = ["prepare", "modes", "transport", "viscosity", "report"]
fig, ax = plt.subplots(figsize=(5.5, 4))
for s in stages:
    r = [(int(x["ranks"]), float(x["seconds"])) for x in rows if x["stage"] == s]
    if not r:
        continue
    n, t = zip(*sorted(r))
    ax.plot(n, t, "o-", label=s)
    ax.plot(n, [t[0] * n[0] / k for k in n], "k:", lw=0.6)
ax.set(xscale="log", yscale="log", xlabel="ranks (one rank group each)", ylabel="wall time (s)", title="inmvisc run: strong scaling per stage (dotted: ideal)")
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=130)
PY
cat "$csv"
rm -rf "$work"
