#!/usr/bin/env bash
# Configures and builds everything into build/ (BUILD_DIR to change it).
# CI=true turns compiler warnings into errors; SAUATTY_SANITIZE=ON builds
# with ASan + UBSan (and without the benchmarks).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
# ccache, when installed, lets several build directories share compiled objects.
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build_dir" -G Ninja "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSAUATTY_WERROR=$werror -DSAUATTY_SANITIZE=${SAUATTY_SANITIZE:-OFF} \
  -DSAUATTY_BUILD_BENCH=$([ "${SAUATTY_SANITIZE:-OFF}" = ON ] && echo OFF || echo ON) ${SAUATTY_SHARED_DATA:+-DSAUATTY_SHARED_DATA="$SAUATTY_SHARED_DATA"} >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
