#!/usr/bin/env bash
# Builds the packages into dist/ and prints their paths, one a line:
#   dist/sauatty_<version>_<arch>.deb     the host, manifests for every browser,
#                                         policy templates, update timer, man pages
#   dist/sauatty-chrome-<version>.zip     the extension for Chrome and Edge
#   dist/sauatty-firefox-<version>.xpi    the extension for Firefox (unsigned)
# The version is extension/manifest.json's (docs/PACKAGING.md).
#   BUILD_DIR   build folder (default build/; configured and built first)
#   DIST_DIR    where the packages go (default dist/)
#   --no-build  package what BUILD_DIR already holds (the packaging tests)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=$(realpath -m "${BUILD_DIR:-build}")
dist_dir=$(realpath -m "${DIST_DIR:-dist}")
case "${1:-}" in
  "") BUILD_DIR=$build_dir bash scripts/build.sh >&2 ;;
  --no-build) [ -f "$build_dir/CPackConfig.cmake" ] ||
    { echo "package: $build_dir is not a configured build folder" >&2; exit 1; } ;;
  *) echo "usage: scripts/package.sh [--no-build]" >&2; exit 1 ;;
esac
command -v dpkg-shlibdeps >/dev/null || { echo "package: dpkg-shlibdeps missing (apt-get install dpkg-dev)" >&2; exit 3; }

version=$(node -p 'require(process.argv[1]).version' "$root/extension/manifest.json")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dist_dir"

# The .deb: CPack stages the install in $work, dpkg-shlibdeps names the
# libraries the host and its modules link.
cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work/deb" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; echo "package: cpack failed" >&2; exit 3; }
deb=$(find "$work/deb" -maxdepth 1 -name "sauatty_${version}_*.deb")
[ -n "$deb" ] || { cat "$work/cpack.log" >&2; echo "package: no .deb for version $version" >&2; exit 3; }
cp "$deb" "$dist_dir/"
echo "$dist_dir/$(basename "$deb")"

# The extension: one source, a package for each browser.
node extension/build.mjs --out "$work/ext" --zip >/dev/null
cp "$work/ext/sauatty-chrome.zip" "$dist_dir/sauatty-chrome-$version.zip"
cp "$work/ext/sauatty-firefox.xpi" "$dist_dir/sauatty-firefox-$version.xpi"
echo "$dist_dir/sauatty-chrome-$version.zip"
echo "$dist_dir/sauatty-firefox-$version.xpi"
