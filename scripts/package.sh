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
#   --lists     the .deb also carries a snapshot of the default lists whose
#               licences allow it (packaging/snapshot-sources.json: EasyList,
#               EasyPrivacy, RU AdList), downloaded now by the built host, for
#               PCs with no network; postinst seeds /var/lib/sauatty/lists
#               with them. Any list that fails to download stops the build.
#   SAUATTY_SNAPSHOT_SOURCES  another sources.json for --lists (the tests
#               name a server on 127.0.0.1)
set -euo pipefail
# A relative SAUATTY_SNAPSHOT_SOURCES names a file from the caller's folder.
if [ -n "${SAUATTY_SNAPSHOT_SOURCES:-}" ]; then SAUATTY_SNAPSHOT_SOURCES=$(realpath -m "$SAUATTY_SNAPSHOT_SOURCES"); fi
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=$(realpath -m "${BUILD_DIR:-build}")
dist_dir=$(realpath -m "${DIST_DIR:-dist}")
usage="usage: scripts/package.sh [--no-build] [--lists]"
build=1
lists=0
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --lists) lists=1 ;;
    *) echo "$usage" >&2; exit 1 ;;
  esac
done
if [ "$build" = 1 ]; then
  BUILD_DIR=$build_dir bash scripts/build.sh >&2
elif [ ! -f "$build_dir/CPackConfig.cmake" ]; then
  echo "package: $build_dir is not a configured build folder" >&2; exit 1
fi
command -v dpkg-shlibdeps >/dev/null || { echo "package: dpkg-shlibdeps missing (apt-get install dpkg-dev)" >&2; exit 3; }

# The list snapshot (cmake/Packaging.cmake installs whatever this folder
# holds): emptied first, so a snapshot from an earlier run is never shipped
# by a build that did not ask for one.
snapshot=$build_dir/packaging/lists
rm -rf "$snapshot"
if [ "$lists" = 1 ]; then
  sources=${SAUATTY_SNAPSHOT_SOURCES:-$root/packaging/snapshot-sources.json}
  fetched=$(mktemp -d)
  trap 'rm -rf "$fetched"' EXIT
  echo "package: downloading the list snapshot ($sources)" >&2
  # SAUATTY_OFFLINE=0: this download is the point, whatever the caller's environment.
  if ! SAUATTY_OFFLINE=0 "$build_dir/native-host/app/sauatty-host" rules update \
         --sources "$sources" --cache "$fetched" >&2; then
    rm -rf "$fetched"
    echo "package: the list snapshot is incomplete (above); no package built" >&2
    exit 3
  fi
  # Each list with its verification record and update schedule; not the
  # compiled cache, the update lock or temporary files (the host remakes them).
  mkdir -p "$snapshot"
  names=$(node -e 'const f = require("fs").readFileSync(process.argv[1], "utf8");
    console.log(JSON.parse(f).lists.map((l) => l.name).join("\n"))' "$sources")
  for name in $names; do
    cp -p "$fetched/$name" "$snapshot/$name"
    # The records when written (a record the host could not write is not
    # fatal to it: the list is verified again at the next start).
    for record in ".$name.verified" ".$name.schedule"; do
      if [ -f "$fetched/$record" ]; then cp -p "$fetched/$record" "$snapshot/$record"; fi
    done
  done
  cp "$root/packaging/snapshot-README" "$snapshot/README"
  rm -rf "$fetched"
  trap - EXIT
fi

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
