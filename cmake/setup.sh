#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   bash cmake/setup.sh run    install what is missing, build, run the main job
#   bash cmake/setup.sh test   install what is missing, build, run the test suite
# Environment: BUILD_DIR (default build), NP (MPI ranks, default 2), CTEST_ARGS.
set -euo pipefail
mode=${1:-run}
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build}
cd "$top"

bash cmake/install-deps.sh
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j "$(nproc)"

if [ "$(id -u)" -eq 0 ]; then # Open MPI refuses root without these
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
case "$mode" in
  run)  INMVISC="$build/inmvisc" OUT="$build/default_campaign" bash jobs/default_campaign.sbatch ;;
  test) cd "$build" && ctest --output-on-failure --timeout 900 -LE long -j 2 ${CTEST_ARGS:-} ;;
  *)    echo "usage: bash cmake/setup.sh run|test" >&2; exit 2 ;;
esac
