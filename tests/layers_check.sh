#!/usr/bin/env bash
# The layers of the source, lowest first; directory src/X is layer X, a public header is in
# the layer of the table below, the umbrella <inmvisc.h> in app. A file may include the public
# headers of its own layer or of lower ones, and private headers ("name.h") only from its own
# directory: a layer then builds, and can be understood, without any layer above it. Every
# #include of src/*/*.c, src/*/*.h and include/inmvisc/*.h is checked; one line per violation,
# "file: includes header (layer A above layer B)", and exit 1 if there is any.
#   layers_check.sh [SOURCE_DIR]    (default: the directory above this script)
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2

layers=(sys config io neighbor potential hessian eigen modes md transport viscosity app)
declare -A rank
for i in "${!layers[@]}"; do rank[${layers[$i]}]=$i; done
declare -A header=(
  [sys.h]=sys [box.h]=config [config.h]=config [units.h]=config [io.h]=io [h5util.h]=io
  [neighbor.h]=neighbor [potential.h]=potential [hessian.h]=hessian [eigen.h]=eigen
  [modes.h]=modes [spectrum.h]=modes [modes_campaign.h]=modes [md.h]=md [prepare.h]=md
  [transport.h]=transport [transport_campaign.h]=transport [entropy.h]=transport [viscosity.h]=viscosity)

shopt -s nullglob
files=(src/*/*.c src/*/*.h include/inmvisc/*.h)
nbad=0
report() {
  echo "$1"
  nbad=$((nbad + 1))
}

for f in "${files[@]}"; do
  dir=""
  case $f in
  src/*)
    dir=${f#src/}
    dir=${dir%%/*}
    layer=$dir
    ;;
  *) layer=${header[${f##*/}]:-} ;;
  esac
  if [ -z "$layer" ] || [ -z "${rank[$layer]:-}" ]; then
    report "$f: in no layer (add it to the table of tests/layers_check.sh)"
    continue
  fi
  while IFS= read -r inc; do
    name=${inc:1:${#inc}-2}
    case $inc in
    '<inmvisc.h>') hl=app ;;
    '<inmvisc/'*)
      hl=${header[${name#inmvisc/}]:-}
      if [ -z "$hl" ]; then
        report "$f: includes $inc (a public header in no layer; add it to the table of tests/layers_check.sh)"
        continue
      fi
      ;;
    '"'*/*'"')
      other=${name#../}
      other=${other%%/*}
      report "$f: includes $inc (a private header of src/$other, not of ${dir:+src/}${dir:-include/inmvisc})"
      continue
      ;;
    '"'*)
      [ -n "$dir" ] && [ -e "src/$dir/$name" ] || report "$f: includes $inc (not a private header of ${dir:+src/}${dir:-include/inmvisc})"
      continue
      ;;
    *) continue ;; # system and library headers
    esac
    if [ "${rank[$hl]}" -gt "${rank[$layer]}" ]; then report "$f: includes $inc (layer $hl above layer $layer)"; fi
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p' "$f")
done

if [ $nbad -gt 0 ]; then
  echo "layers: $nbad violation(s) in ${#files[@]} files"
  exit 1
fi
echo "layers: ${#files[@]} files, no include of a higher layer or of another directory's private header"
