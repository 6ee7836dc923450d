#!/usr/bin/env bash
# Converts the published credibility datasets whose terms allow
# redistribution into our list format, into rules/credibility/ (compiled
# into the host). Rerun it for a new release: change the commit, date and
# checksum below, run, review the diff (docs/CREDIBILITY.md "Bundled
# datasets" says what to measure), commit.
#
#   bash scripts/datasets/credibility.sh [--from DIR]
#
# Without --from it downloads each file from its public address at the
# pinned commit; with --from DIR it reads DIR/cred1/cred1_current.json and
# DIR/lin2023-domain-quality/domain_pc1.csv (a local copy of the same
# release). Either way the file must have the pinned SHA-256.
# BUILD_DIR (default build) is where the converter is built.
set -euo pipefail
FROM_WHAT="a folder"
. "$(dirname "$0")/common.sh" "$@"

# CRED-1 (Alexander Loth), CC BY 4.0: https://github.com/aloth/cred-1
cred1_commit=3b9875675744bd73c4acb997603ae73bf78d341e
cred1_date=2026-08-04
cred1_url=https://raw.githubusercontent.com/aloth/cred-1/$cred1_commit/data/cred1_current.json
cred1_sha256=90f39a2f3d1c96a74428dbb85f8f0e17711d29852c19beb30bba422dc3ad6cfb
# Lin et al. 2023, PNAS Nexus (doi:10.1093/pnasnexus/pgad286); the data's
# README: reuse it, citing the paper. https://github.com/hauselin/domain-quality-ratings
lin_commit=5671d57e545e48225ef2cbf559a6ab7f8f77a9de
lin_date=2023-09-14
lin_url=https://raw.githubusercontent.com/hauselin/domain-quality-ratings/$lin_commit/data/domain_pc1.csv
lin_sha256=18221d8c4ce30e25ceab4ce3d1c9a7babaf9e935bd42ed2c89e3c52fc19d5e1a

fetch() {  # fetch URL LOCAL_RELATIVE SHA256 OUT
  if [ -n "$from" ]; then
    cp "$from/$2" "$4"
  else
    curl --fail --silent --show-error --location --max-filesize 67108864 -o "$4" "$1"
  fi
  check_sha256 "$4" "$3" "$1"
}

fetch "$cred1_url" cred1/cred1_current.json "$cred1_sha256" "$work/cred1.json"
fetch "$lin_url" lin2023-domain-quality/domain_pc1.csv "$lin_sha256" "$work/lin.csv"

cmake --build "$build_dir" --target sauatty-dataset-convert >/dev/null
convert="$build_dir/scripts/datasets/sauatty-dataset-convert"
"$convert" cred1 "$work/cred1.json" rules/credibility/dataset-cred1.json cred1 "$cred1_date" info \
  "CRED-1 (github.com/aloth/cred-1, commit ${cred1_commit:0:12} of $cred1_date), converted by scripts/datasets/credibility.sh; one host in ten held out for measurement"
"$convert" lin2023 "$work/lin.csv" rules/credibility/dataset-lin2023.json lin2023 "$lin_date" caution \
  "Lin et al. 2023 domain quality, pc1 (github.com/hauselin/domain-quality-ratings, commit ${lin_commit:0:12} of $lin_date), the low tail (pc1 < 0.2, caution) only, converted by scripts/datasets/credibility.sh; one host in ten held out for measurement"
