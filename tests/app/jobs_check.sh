#!/usr/bin/env bash
# The Slurm jobs (jobs/*.sbatch): each parses (bash -n), and each job that runs `inmvisc run`
# does a dry run (-help: the campaign's options file is read, every stage's options listed,
# nothing computed) directly with mpiexec, as it would under srun.
set -u
bin=$1; work=$2
. "$(dirname "$0")/../common/checklib.sh"
jobs=$(cd "$(dirname "$0")/../../jobs" && pwd)
rm -rf "$work"; mkdir -p "$work"
for j in "$jobs"/*.sbatch; do
  check "bash -n $(basename "$j")" "bash -n '$j'"
  if grep -q ' run ' "$j"; then
    INMVISC="$bin" OUT="$work/$(basename "$j" .sbatch)" NP=1 OPTIONS=-help bash "$j" > "$work/$(basename "$j").log" 2>&1
    check "dry run of $(basename "$j")" "[ $? -eq 0 ] && grep -q 'embedded default campaign' '$work/$(basename "$j").log'"
  fi
done
finish
