#!/usr/bin/env bash
# Checks that every folder of native-host/ includes only the folders its layer
# may use, as declared in docs/ARCHITECTURE.md between the markers
# "<!-- layers:begin -->" and "<!-- layers:end -->": one line per folder,
# "folder: dep dep ...", in layer order. A folder may name only folders
# declared on earlier lines, so the layers cannot form a cycle. A folder of
# native-host/ that is not declared, or an include of an undeclared layer,
# fails with the file and line. Exit 0 when every include is allowed.
set -euo pipefail
cd "$(dirname "$0")/.."

doc=docs/ARCHITECTURE.md
declare -A allowed=()
declare -a order=()
failures=0

fail() {
  echo "check_layers: $*" >&2
  failures=$((failures + 1))
}

in_block=0
while IFS= read -r line; do
  case "$line" in
  *"<!-- layers:begin -->"*) in_block=1 && continue ;;
  *"<!-- layers:end -->"*) in_block=0 && continue ;;
  esac
  [ "$in_block" = 1 ] || continue
  [[ "$line" =~ ^([a-z_]+):(.*)$ ]] || continue
  folder=${BASH_REMATCH[1]}
  deps=${BASH_REMATCH[2]}
  for dep in $deps; do
    [ "$dep" = "-" ] && continue
    [ -n "${allowed[$dep]+x}" ] ||
      fail "$doc: '$folder' may use '$dep', which is not declared above it (layers must not form a cycle)"
  done
  allowed[$folder]=" ${deps//-/} "
  order+=("$folder")
done <"$doc"

[ "${#order[@]}" -gt 0 ] || {
  echo "check_layers: no layer table between the markers in $doc" >&2
  exit 2
}

for dir in native-host/*/; do
  folder=$(basename "$dir")
  if [ -z "${allowed[$folder]+x}" ]; then
    fail "native-host/$folder/ is not declared in the layer table of $doc"
    continue
  fi
  while IFS= read -r hit; do
    # hit = path:line:#include "layer/...
    file=${hit%%:*}
    rest=${hit#*:}
    lineno=${rest%%:*}
    layer=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$rest")
    [ "$layer" = "$folder" ] && continue
    [ -n "${allowed[$layer]+x}" ] || continue # not one of ours (e.g. "nlohmann/json.hpp")
    [[ "${allowed[$folder]}" == *" $layer "* ]] ||
      fail "$file:$lineno: $folder/ includes $layer/, which its layer may not use ($doc)"
  done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"[a-z_]+/' "$dir" || true)
done

if [ "$failures" -gt 0 ]; then
  echo "check_layers: $failures violation(s)" >&2
  exit 1
fi
echo "check_layers: ${#order[@]} layers, every include allowed"
