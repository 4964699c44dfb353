#!/usr/bin/env bash
# Times the README's main job, `inmvisc run` with the embedded default campaign, on NP ranks
# (default 2) and appends one CSV row (date, ranks, seconds, and the wall time of each stage
# from run's own progress lines) to benchmarks/results/default_campaign.csv; the log goes to
# benchmarks/results/default_campaign.log; the summary, the figures and viscosity.h5 go to
# benchmarks/results/default_campaign/. Usage: bash benchmarks/run_default_campaign.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
np=${NP:-2}
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
t0=$(date +%s.%N)
INMVISC="$build/inmvisc" OUT="$out/run" NP=$np bash "$here/../jobs/default_campaign.sbatch" > "$here/results/default_campaign.log" 2>&1
t1=$(date +%s.%N)
stages=$(grep '^\[run\] stage' "$here/results/default_campaign.log" | sed 's/.*(\([0-9.]*\) s since the start)/\1/' | paste -sd, -)
[ -s "$here/results/default_campaign.csv" ] || echo "date,ranks,seconds,stage_starts_s" > "$here/results/default_campaign.csv"
echo "$(date -u +%F),$np,$(echo "$t1 - $t0" | bc),\"$stages\"" >> "$here/results/default_campaign.csv"
tail -1 "$here/results/default_campaign.csv"
mkdir -p "$here/results/default_campaign"
cp "$out"/run/report/*.md "$out"/run/report/*.png "$out/run/viscosity.h5" "$here/results/default_campaign/"
rm -rf "$out"
