#!/usr/bin/env bash
# Converts Patrick Hulce's third-party-web data set (MIT: its LICENSE is
# kept beside the output) into our entity format, names only, into
# rules/trackers/third-party-web.json (compiled into the host). Rerun it for
# a new release: change the version and checksum below, run, review the diff
# (bench/attribution measures what changed: docs/BENCHMARKS.md "Companies
# named"), commit the JSON and the licence with the script.
#
#   bash scripts/datasets/third-party-web.sh [--from FILE]
#
# Without --from it fetches the pinned npm package with `npm pack` (the npm
# registry is the data set's publication address); with --from FILE it reads
# a local copy of the same tarball. Either way the tarball must have the
# pinned SHA-256. BUILD_DIR (default build) is where the converter is built.
set -euo pipefail
FROM_WHAT="a file"
. "$(dirname "$0")/common.sh" "$@"

# third-party-web (Patrick Hulce), MIT: https://github.com/patrickhulce/third-party-web
version=0.30.0
sha256=1ad015c9187d88d6adfe0ab7d5b9febefa7a093b776bdf97d43ba138f4179041

if [ -n "$from" ]; then
  cp "$from" "$work/package.tgz"
else
  (cd "$work" && npm pack --silent "third-party-web@$version" >/dev/null)
  mv "$work/third-party-web-$version.tgz" "$work/package.tgz"
fi
check_sha256 "$work/package.tgz" "$sha256" "third-party-web $version"
tar -xzf "$work/package.tgz" -C "$work" package/dist/entities-nostats.json package/LICENSE

cmake --build "$build_dir" --target sauatty-entities-convert >/dev/null
"$build_dir/scripts/datasets/sauatty-entities-convert" "$work/package/dist/entities-nostats.json" \
  rules/trackers/third-party-web.json "$version" "$(date -u +%F)"
cp "$work/package/LICENSE" rules/trackers/LICENSE.third-party-web
