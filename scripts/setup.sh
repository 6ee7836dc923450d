#!/usr/bin/env bash
# Installs what Sauatty needs to build, test and run on Debian 12, as root
# (or through sudo). Idempotent: packages already present are left alone.
# Used by both README commands and, through them, by .ci/run.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-url1.81-dev libre2-dev nlohmann-json3-dev
  libcurl4-openssl-dev libssl-dev libpsl-dev publicsuffix libidn2-dev libunistring-dev libicu-dev
  libgtest-dev libbenchmark-dev
  chromium firefox-esr xvfb openssl fonts-dejavu-core qemu-user afl++ strace
  # the .deb (dpkg-shlibdeps, file), its test (unzip), and a Windows compiler
  # that checks the Windows branches of the platform code (docs/PACKAGING.md)
  dpkg-dev file unzip g++-mingw-w64-x86-64-posix
)
# Node.js 18+ runs the extension's tests and drives the browser; a newer one
# already on the machine is kept.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: run as root or install sudo" >&2; exit 3; }
  sudo="sudo"
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: Debian packages present"

# The workshop view's graph library (cytoscape.js, pinned in
# native-host/dashboard/web/package-lock.json), bundled into the host at
# build time (docs/WORKSHOP.md).
web=native-host/dashboard/web
if [ ! -f "$(dirname "$0")/../$web/node_modules/cytoscape/dist/cytoscape.min.js" ]; then
  (cd "$(dirname "$0")/../$web" && npm ci --no-audit --no-fund --loglevel=error) ||
    { echo "setup: npm ci in $web failed" >&2; exit 3; }
fi
echo "setup: npm packages present"
