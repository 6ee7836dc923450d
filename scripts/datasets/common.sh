# shellcheck shell=bash disable=SC2034  # build_dir, from and work are for the sourcing script
# The prologue the dataset scripts of this folder share; sourced, not run:
#
#   FROM_WHAT="a file"; . "$(dirname "$0")/common.sh" "$@"
#
# It moves to the repository's root and sets build_dir (BUILD_DIR, default
# build), from (the argument of --from, which names FROM_WHAT; empty
# without --from) and work (a temporary folder, removed on exit).
# check_sha256 FILE EXPECTED WHAT stops the script (exit 3) when FILE's
# SHA-256 is not EXPECTED, naming WHAT.
cd "$(dirname "$0")/../.." || exit 2
build_dir=${BUILD_DIR:-build}
from=
if [ "${1:-}" = "--from" ]; then from=${2:?--from needs $FROM_WHAT}; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check_sha256() {  # check_sha256 FILE EXPECTED WHAT
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    echo "$(basename "$0"): $3: SHA-256 $got, expected $2 (a new release? update the pins)" >&2
    exit 3
  fi
}
