#!/usr/bin/env bash
# Writes native-host/store/unicode-data/unicode_data.inc again from the ICU
# installed here (Debian 12: libicu-dev 72), with generate.cpp (target
# sauatty-unicode-data-generate of the build folder BUILD_DIR, default
# build/). tests/store/unicode_tables_test.cpp checks that the committed file
# is what this writes and that the host's answers from it are ICU's.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${BUILD_DIR:-build}
[ -f "$build_dir/build.ninja" ] || { echo "generate.sh: configure $build_dir first (scripts/build.sh)" >&2; exit 2; }
cmake --build "$build_dir" --target sauatty-unicode-data-generate
out=native-host/store/unicode-data/unicode_data.inc
"$build_dir/scripts/unicode-data/sauatty-unicode-data-generate" "$out.tmp"
mv "$out.tmp" "$out"
echo "generate.sh: wrote $out ($(head -1 "$out" | sed 's/.* from //'))"
