#!/usr/bin/env bash
# Coverage-guided fuzzing with AFL++ (Debian's afl++ package: afl-fuzz and
# its runtime, in persistent mode) on targets built by the project's g++ with
# ASan + UBSan and GCC's -fsanitize-coverage=trace-pc edge coverage
# (tests/fuzz/afl_trace_pc.cpp says why not afl-g++-fast).
#
#   scripts/fuzz.sh --list                 the targets (tests/fuzz/fuzz_NAME.cpp)
#   scripts/fuzz.sh NAME SECONDS           fuzz one target for SECONDS
#   scripts/fuzz.sh --all SECONDS          each target in turn (what CI runs)
#   scripts/fuzz.sh --replay NAME          replay the plain build's findings of
#                                          NAME in the ASan + UBSan build
#   scripts/fuzz.sh --help                 this text
#
# FUZZ_SANITIZE=0 fuzzes a plain build instead: AFL++ coverage without ASan
# and UBSan, in a folder of its own (${FUZZ_BUILD_DIR:-build-fuzz}-plain),
# for more executions a second (AFL++'s docs advise fuzzing mostly without
# sanitizers and checking the findings with them). After such a run every
# input of its queue, crashes and hangs is replayed through the ASan + UBSan
# build of the same target (built too), and the run fails if one fails there.
#
# Seeds: the target's committed corpus (tests/fuzz/corpus/NAME) plus, when
# the real data is there ($SAUATTY_SHARED_DATA, default ../shared/data),
# small slices of real lists and URLs copied into the run's own folder (never
# into the repository), plus the previous runs' queues of both builds when
# there are some.
# Findings go to ${FUZZ_BUILD_DIR:-build-fuzz}[-plain]/findings/NAME;
# the script prints executions, paths, crashes and hangs, and exits 1 when a
# crash or hang was found (copy the input into tests/fuzz/corpus/NAME, fix,
# and the replay test keeps it fixed). Documented in docs/HARDENING.md.
set -euo pipefail
# The whole script is one { } block ending in exit: bash reads all of it
# before it runs a line, so editing this file during a run (which takes
# minutes) cannot change the run that is going on.
{
cd "$(dirname "$0")/.."
root=$(pwd)
sanitized=${FUZZ_BUILD_DIR:-build-fuzz}
plain=$sanitized-plain
case ${FUZZ_SANITIZE:-1} in
  1) build=$sanitized ;;
  0) build=$plain ;;
  *) echo "fuzz: FUZZ_SANITIZE is 1 (the default) or 0" >&2; exit 1 ;;
esac
data=${SAUATTY_SHARED_DATA:-$root/../shared/data}

targets() { ls tests/fuzz/fuzz_*.cpp | sed -E 's|.*/fuzz_(.*)\.cpp|\1|' | grep -v '^driver$'; }

usage() { echo "usage: scripts/fuzz.sh --list | NAME SECONDS | --all SECONDS | --replay NAME | --help" >&2; exit 1; }

[ $# -ge 1 ] || usage
if [ "$1" = "--list" ]; then targets; exit 0; fi
if [ "$1" = "--help" ]; then sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed -E 's/^# ?//'; exit 0; fi

command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz not found (apt-get install afl++)" >&2; exit 3; }

# configure FOLDER ON|OFF: the fuzz build in FOLDER, with or without
# ASan + UBSan; refuses a folder configured the other way.
configure() {
  local dir=$1 sanitize=$2
  if [ -f "$dir/CMakeCache.txt" ] && ! grep -q "^SAUATTY_SANITIZE:BOOL=$sanitize\$" "$dir/CMakeCache.txt"; then
    echo "fuzz: $dir is not a build with SAUATTY_SANITIZE=$sanitize; use another FUZZ_BUILD_DIR" >&2
    exit 1
  fi
  # ccache, when installed, shares objects with other builds of the same flags.
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAUATTY_BUILD_BENCH=OFF \
    -DSAUATTY_SANITIZE="$sanitize" -DSAUATTY_FUZZ_AFL=ON "${launcher[@]}" \
    ${SAUATTY_SHARED_DATA:+-DSAUATTY_SHARED_DATA="$SAUATTY_SHARED_DATA"} >/dev/null
}

# Real-data seeds for one target into folder $2 (small slices: AFL works
# best on inputs of a few KiB).
real_seeds() {
  local name=$1 out=$2
  [ -d "$data" ] || return 0
  set +o pipefail  # head closes its pipe early on purpose
  case $name in
    filter_list)
      for f in "$data"/filters/*.txt; do
        head -c 4096 "$f" >"$out/real-$(basename "$f")"
        tail -c 4096 "$f" >"$out/real-tail-$(basename "$f")"
      done ;;
    hosts_list)
      grep -ho '^||[a-z0-9.-]*\^$' "$data/filters/easyprivacy-2026-07.txt" | head -100 |
        sed -E 's/^\|\|(.*)\^$/0.0.0.0 \1/' >"$out/real-hosts" ;;
    url|message|requests_message)
      grep -o '"url": *"[^"]*"' "$data/vectors/matching-test-requests.json" | head -40 |
        sed -E 's/"url": *"(.*)"/\1/' | {
          i=0
          while IFS= read -r u; do
            if [ "$name" = url ]; then printf '%s' "$u" >"$out/real-$i"
            else printf '{"id":%d,"type":"requests","tab":1,"page":"https://news.kz/","requests":[{"url":"%s","type":"script"}]}' "$i" "$u" >"$out/real-$i"; fi
            i=$((i + 1))
          done
        } ;;
    tracker_json)
      { printf '\001'; head -c 6000 "$data/trackers/disconnect/services.gplv3-2020-06.json"; } >"$out/real-disconnect" ;;
    entity_data)
      { printf '\000'; head -c 6000 "$data/trackers/duckduckgo-tds/extension-tds.v6.json"; } >"$out/real-tracker-radar"
      { printf '\002'; head -c 6000 "$data/trackers/disconnect/entities.json"; } >"$out/real-disconnect-entities" ;;
    credibility_import)
      { printf '\000'; head -c 4000 "$data/credibility/opensources/sources.json"; } >"$out/real-opensources"
      { printf '\002'; head -c 4000 "$data/credibility/cred1/cred1_current.json"; } >"$out/real-cred1"
      { printf '\003'; head -c 4000 "$data/credibility/lin2023-domain-quality/domain_pc1.csv"; } >"$out/real-lin" ;;
  esac
  set -o pipefail
}

fuzz_one() {
  local name=$1 seconds=$2
  [ -f "tests/fuzz/fuzz_$name.cpp" ] || { echo "fuzz: no target '$name' (see --list)" >&2; exit 1; }
  cmake --build "$build" --target "fuzz_$name" -j "$(nproc)" >/dev/null
  local work="$build/findings/$name" seeds="$build/seeds/$name"
  rm -rf "$seeds"; mkdir -p "$seeds"
  # The previous runs' queues (what they found to reach new code), of this
  # build and the other, seed this one, so runs add up instead of starting
  # over; named by content, so an input in both is copied once.
  local q
  for q in "$sanitized/findings/$name/default/queue" "$plain/findings/$name/default/queue"; do
    [ -d "$q" ] || continue
    find "$q" -maxdepth 1 -type f -name 'id:*' -print0 |
      while IFS= read -r -d '' f; do cp "$f" "$seeds/prev-$(md5sum <"$f" | cut -c1-16)"; done
  done
  # The last run's findings are kept until afl-fuzz has started on these
  # seeds (a run that cannot start loses nothing).
  rm -rf "$work.last"
  [ -d "$work" ] && mv "$work" "$work.last"
  mkdir -p "$work"
  cp tests/fuzz/corpus/"$name"/* "$seeds"/
  real_seeds "$name" "$seeds"
  echo "== fuzz_$name for ${seconds}s ($(ls "$seeds" | wc -l) seeds)"
  # The sanitizers' options are set here in full: afl-fuzz fills in only
  # those not set, and its LSAN_OPTIONS default (fast_unwind_on_malloc=0,
  # read by ASan too) made every malloc and free walk the stack with
  # libgcc's DWARF unwinder, 60-70% of each run's time. No stack is kept
  # for allocations (malloc_context_size=0, afl-fuzz's own default); a
  # finding replayed by hand (the target with the input as argument, or
  # its corpus test) prints them in full.
  AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    AFL_QUIET=1 ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0:malloc_context_size=0 \
    LSAN_OPTIONS=detect_leaks=0:malloc_context_size=0:symbolize=0 \
    UBSAN_OPTIONS=abort_on_error=1:halt_on_error=1:print_stacktrace=0 \
    afl-fuzz -i "$seeds" -o "$work" -V "$seconds" -t 2000 -m none -- "$build/tests/fuzz/fuzz_$name" \
    >"$work/afl.log" 2>&1 || {
      echo "fuzz: afl-fuzz failed, see $work/afl.log" >&2; tail -20 "$work/afl.log" >&2
      if [ ! -f "$work/default/fuzzer_stats" ] && [ -d "$work.last" ]; then
        mv "$work/afl.log" "$work.last/afl-failed.log"; rm -rf "$work"; mv "$work.last" "$work"
      fi
      return 3
    }
  rm -rf "$work.last"
  local stats="$work/default/fuzzer_stats"
  local execs paths crashes hangs
  execs=$(awk -F': *' '/^execs_done/ {print $2}' "$stats")
  paths=$(awk -F': *' '/^corpus_count/ {print $2}' "$stats")
  crashes=$(awk -F': *' '/^saved_crashes/ {print $2}' "$stats")
  hangs=$(awk -F': *' '/^saved_hangs/ {print $2}' "$stats")
  echo "fuzz_$name: $execs executions, $paths inputs in the queue, $crashes crashes, $hangs hangs"
  local status=0
  if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    echo "fuzz_$name: findings in $work/default/crashes and $work/default/hangs" >&2
    status=1
  fi
  if [ "$build" = "$plain" ]; then replay "$name" || status=1; fi
  return $status
}

# Replays every input of the plain build's queue, crashes and hangs for NAME
# through the ASan + UBSan fuzz build of the same target (in one process;
# when that fails, one process an input, to name each input that fails).
replay() {
  local name=$1
  local work="$plain/findings/$name/default"
  [ -d "$work/queue" ] || { echo "fuzz: no plain-build findings in $work" >&2; return 3; }
  configure "$sanitized" ON
  cmake --build "$sanitized" --target "fuzz_$name" -j "$(nproc)" >/dev/null
  local target="$sanitized/tests/fuzz/fuzz_$name" inputs=() d f
  for d in queue crashes hangs; do
    [ -d "$work/$d" ] || continue
    while IFS= read -r -d '' f; do inputs+=("$f"); done < <(find "$work/$d" -maxdepth 1 -type f -name 'id:*' -print0)
  done
  local log="$plain/findings/$name/replay.log"
  [ -x "$target" ] || { echo "fuzz: cannot replay: $target is not an executable" >&2; return 3; }
  [ ${#inputs[@]} -gt 0 ] || { echo "fuzz: cannot replay: no inputs in $work" >&2; return 3; }
  local rc=0
  ASAN_OPTIONS=detect_leaks=0 timeout 1200 "$target" "${inputs[@]}" >"$log" 2>&1 || rc=$?
  if [ $rc -eq 0 ]; then
    echo "fuzz_$name: replayed ${#inputs[@]} inputs of the plain run in the ASan + UBSan build: all passed"
    return 0
  fi
  echo "fuzz_$name: the one-process replay exited with $rc (124: timed out); replaying one input a process" >&2
  local failed=0
  for f in "${inputs[@]}"; do
    rc=0
    ASAN_OPTIONS=detect_leaks=0 timeout 10 "$target" "$f" >>"$log" 2>&1 || rc=$?
    if [ $rc -eq 126 ] || [ $rc -eq 127 ]; then
      echo "fuzz_$name: cannot replay: $target could not be run (exit $rc, see $log)" >&2
      return 3
    fi
    if [ $rc -ne 0 ]; then
      echo "fuzz_$name: fails in the ASan + UBSan build (exit $rc, 124: timed out): $f" >&2
      failed=$((failed + 1))
    fi
  done
  echo "fuzz_$name: replayed ${#inputs[@]} inputs of the plain run in the ASan + UBSan build one a process: $failed failed (see $log)" >&2
  return $((failed > 0))
}

if [ "$1" = "--replay" ]; then
  if [ $# -ne 2 ] || [ ! -f "tests/fuzz/fuzz_$2.cpp" ]; then usage; fi
  replay "$2"
  exit
fi
if [ "$build" = "$sanitized" ]; then configure "$build" ON; else configure "$build" OFF; fi
if [ "$1" = "--all" ]; then
  [ $# -eq 2 ] || usage
  status=0
  for t in $(targets); do fuzz_one "$t" "$2" || status=1; done
  exit $status
fi
[ $# -eq 2 ] || usage
fuzz_one "$1" "$2"
exit
}
