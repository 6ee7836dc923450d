#!/usr/bin/env bash
# Runs every test: the C++ suites (ctest), the extension's pure modules
# (node --test) and the end-to-end tests in headless Chromium with the real
# host. Real data is read from ../shared/data (SAUATTY_SHARED_DATA to point
# elsewhere); tests that need it skip, saying why, where it is absent.
set -uo pipefail
# The whole script is one { } block ending in exit: bash reads all of it
# before it runs a line, so editing this file during a run (which takes
# minutes) cannot change the run that is going on.
{
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/setup.sh || exit 3
bash scripts/build.sh || { echo "test: build failed" >&2; exit 1; }
# The pinned npm packages (tests/e2e/package-lock.json) before ctest, whose
# packaging test lints the .xpi with web-ext; never a browser download.
[ -d tests/e2e/node_modules/web-ext ] || (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) || exit 3
export SAUATTY_HOST="$root/${BUILD_DIR:-build}/native-host/app/sauatty-host"
# The host was just built from this tree: the end-to-end tests must find
# every tracker and credibility verdict they expect (no "todo" leniency).
export SAUATTY_E2E_STRICT=1
# No test, benchmark or browser started here may touch the network: the
# host downloads no default lists and starts no update (docs/LISTS.md).
export SAUATTY_OFFLINE=1

passed=0 failed=0 status=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# count_ctest FILE: adds the passed and failed tests of ctest's summary line
# in FILE to the totals.
count_ctest() {
  local line total bad
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$1") || return 0
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
  bad=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")
  passed=$((passed + total - bad)); failed=$((failed + bad))
}

echo "== C++ tests (ctest)"
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure -j "$(nproc)") | tee "$log/ctest.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count_ctest "$log/ctest.txt"

# The same C++ suites built with AddressSanitizer + UndefinedBehaviorSanitizer
# (any report fails the test): undefined behaviour that happens to work on
# this CPU, such as __builtin_ctzll(0), fails here. SAUATTY_NO_SANITIZE=1
# skips this stage for a quicker local run.
if [ "${SAUATTY_NO_SANITIZE:-}" != "1" ]; then
  echo "== C++ tests under ASan + UBSan (${SANITIZE_BUILD_DIR:-build-sanitize})"
  if BUILD_DIR=${SANITIZE_BUILD_DIR:-build-sanitize} SAUATTY_SANITIZE=ON bash scripts/build.sh; then
    (cd "${SANITIZE_BUILD_DIR:-build-sanitize}" && ctest --output-on-failure -j "$(nproc)") |
      tee "$log/ctest-sanitize.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    count_ctest "$log/ctest-sanitize.txt"
  else
    echo "test: sanitizer build failed" >&2; failed=$((failed + 1)); status=1
  fi
fi

# A short coverage-guided fuzz run of every target (scripts/fuzz.sh, AFL++ on
# an ASan + UBSan build): SAUATTY_FUZZ_SECONDS each, 15 in CI, none by
# default locally (scripts/fuzz.sh runs them by hand).
fuzz_seconds=${SAUATTY_FUZZ_SECONDS:-$([ "${CI:-}" = true ] && echo 15 || echo 0)}
if [ "$fuzz_seconds" -gt 0 ]; then
  echo "== fuzzing, ${fuzz_seconds}s a target"
  if bash scripts/fuzz.sh --all "$fuzz_seconds"; then passed=$((passed + 1))
  else failed=$((failed + 1)); status=1; fi
fi

node_suite() {  # name, command...
  local name=$1; shift
  echo "== $name"
  "$@" 2>&1 | tee "$log/$name.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  local p f
  p=$(grep -E '^# pass [0-9]+' "$log/$name.txt" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$log/$name.txt" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
if [ -d tests/extension ]; then
  node_suite extension-unit node --test tests/extension/
fi
if [ -x tests/e2e/run.sh ]; then
  node_suite e2e tests/e2e/run.sh
fi

echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
}
