#!/usr/bin/env bash
# compare-ns3-stream.sh - the whole model's speed on a stream: SanSim against ns-3.
#
# SanSim: `sansim bench model --cases stream --json`, a stream of 4 KiB RDMA WRITEs at line rate
# between two nodes back to back (write_bw over verbs), measured from the first post after a
# warm-up run in the same JVM.
# ns-3: tools/ns3/stream.cc, point-to-point 100 Gb/s with one UDP stream of 4096-byte datagrams at
# line rate, run for the same simulated time as SanSim's stream (only Simulator::Run() timed).
#
# Builds stream.cc against Debian's ns-3 libraries (installing libns3-dev with apt-get if needed),
# runs the two interleaved round by round so both see the same machine load, keeps the best
# (lowest) slowdown of R runs of each and prints both slowdowns (wall seconds per simulated second)
# and their ratio SanSim / ns-3.
#
# Exit status: 0 normally; with --check, 1 if SanSim's slowdown is more than the allowed multiple
# of ns-3's (default 3), or SanSim could not be measured; 2 on usage or setup errors.
#
# See tools/ns3/README.md.

set -euo pipefail

MESSAGES=100000
RUNS=3
WARMUP=1
CHECK=0
MAX_RATIO=3
INSTALL=1
SANSIM_CMD=./sansim
PIN_CPU=""
RUN_TIMEOUT=1800
OUT=""

usage() {
    cat <<'EOF'
usage: tools/scripts/compare-ns3-stream.sh [options]

Runs SanSim's 4 KiB RDMA WRITE stream (sansim bench model --cases stream) and
ns-3's point-to-point UDP stream of 4096-byte datagrams at 100 Gb/s for the
same simulated time, interleaved, best of R runs; prints both slowdowns (wall
seconds per simulated second) and the ratio SanSim / ns-3.

options:
  --check             exit 1 unless SanSim's slowdown <= the maximum ratio x
                      ns-3's (and SanSim was measured)
  --max-ratio X       maximum SanSim / ns-3 slowdown ratio for --check (default 3)
  --messages N        messages of SanSim's stream (default 100000, 33.6 ms simulated)
  --runs R            runs of each; the best (lowest slowdown) is kept (default 3)
  --warmup F          SanSim's warm-up run, as a fraction of --messages (default 1)
  --sansim CMD        SanSim launcher (default ./sansim)
  --pin CPU           run every benchmark under 'taskset -c CPU'
  --no-install        never apt-get install; fail if ns-3 is missing
  --timeout SECONDS   per-run time limit (default 1800)
  --out FILE          raw JSON lines of every run (default target/ns3/last-stream-run.jsonl)
  -h, --help          this text
EOF
}

die() { echo "compare-ns3-stream: error: $*" >&2; exit 2; }
say() { echo "compare-ns3-stream: $*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --check) CHECK=1 ;;
        --max-ratio) MAX_RATIO="${2:?--max-ratio needs a value}"; shift ;;
        --messages) MESSAGES="${2:?--messages needs a value}"; shift ;;
        --runs) RUNS="${2:?--runs needs a value}"; shift ;;
        --warmup) WARMUP="${2:?--warmup needs a value}"; shift ;;
        --sansim) SANSIM_CMD="${2:?--sansim needs a value}"; shift ;;
        --pin) PIN_CPU="${2:?--pin needs a CPU number}"; shift ;;
        --no-install) INSTALL=0 ;;
        --timeout) RUN_TIMEOUT="${2:?--timeout needs a value}"; shift ;;
        --out) OUT="${2:?--out needs a value}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
    esac
    shift
done

is_uint() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -gt 0 ]; }
is_uint "$MESSAGES" || die "--messages must be a positive integer"
is_uint "$RUNS" || die "--runs must be a positive integer"
[[ "$MAX_RATIO" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--max-ratio must be a number"
[[ "$WARMUP" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--warmup must be a number"

# Work from the repository root, wherever the script is called from.
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$REPO_ROOT"

STREAM_SRC=tools/ns3/stream.cc
BUILD_DIR=target/ns3
STREAM_BIN="$BUILD_DIR/stream"
[ -f "$STREAM_SRC" ] || die "$STREAM_SRC not found; run from a SanSim checkout"
mkdir -p "$BUILD_DIR"
[ -n "$OUT" ] || OUT="$BUILD_DIR/last-stream-run.jsonl"
: > "$OUT"

RUN_PREFIX=()
if [ -n "$PIN_CPU" ]; then
    command -v taskset >/dev/null || die "--pin needs taskset (util-linux)"
    RUN_PREFIX=(taskset -c "$PIN_CPU")
fi
if command -v timeout >/dev/null; then
    RUN_PREFIX=(timeout "$RUN_TIMEOUT" "${RUN_PREFIX[@]}")
fi

# ---------------------------------------------------------------- ns-3 setup

# Debian names ns-3's pkg-config modules 'ns3-core', 'ns3-network'...; upstream builds may name
# them e.g. 'ns3.37-core-default'. Find the core module, then name the others alike.
MODULES="core network internet point-to-point applications"
PC=""
find_pc() {
    PC=""
    command -v pkg-config >/dev/null || return 1
    if pkg-config --exists ns3-core 2>/dev/null; then PC=ns3-core; return 0; fi
    local all cand suffix
    all="$(pkg-config --list-all 2>/dev/null | awk '{print $1}' \
        | grep -E '^ns3(\.[0-9]+)*-core(-[a-z]+)?$' | sort -V || true)"
    for suffix in optimized release default debug ''; do
        cand="$(echo "$all" | grep -E -- "-core${suffix:+-$suffix}\$" | tail -n1 || true)"
        if [ -n "$cand" ]; then PC="$cand"; return 0; fi
    done
    return 1
}

pc_modules() { local m out=""; for m in $MODULES; do out="$out ${PC/-core/-$m}"; done; echo "${out# }"; }

ns3_ready() {
    find_pc || return 1
    command -v g++ >/dev/null || return 1
    # shellcheck disable=SC2046
    pkg-config --exists $(pc_modules) 2>/dev/null || return 1
    # shellcheck disable=SC2046
    echo '#include "ns3/point-to-point-module.h"' \
        | g++ -std=c++17 -fsyntax-only -x c++ - $(pkg-config --cflags $(pc_modules)) >/dev/null 2>&1
}

if ! ns3_ready; then
    [ "$INSTALL" = 1 ] || die "ns-3 development files not found (pkg-config ns3-core, ns3-point-to-point...) and --no-install given"
    say "ns-3 development files not found; installing Debian's libns3-dev with apt-get"
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install libns3-dev"
        SUDO=(sudo)
    fi
    command -v apt-get >/dev/null || die "apt-get not found; install ns-3 (libns3-dev) by hand"
    "${SUDO[@]}" apt-get update || die "apt-get update failed"
    # libgsl-dev: Debian's ns3-core.pc links libgsl.so by absolute path, and only libgsl-dev ships it.
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
        libns3-dev libgsl-dev g++ pkg-config || die "apt-get install libns3-dev failed"
    ns3_ready || die "libns3-dev installed but its pkg-config modules or headers are still not usable"
fi
NS3_VERSION="$(pkg-config --modversion "$PC" 2>/dev/null || echo unknown)"
say "ns-3 $NS3_VERSION found (pkg-config modules: $(pc_modules))"

# ---------------------------------------------------------------- build stream

if [ ! -x "$STREAM_BIN" ] || [ "$STREAM_SRC" -nt "$STREAM_BIN" ]; then
    # shellcheck disable=SC2046
    CFLAGS_NS3="$(pkg-config --cflags $(pc_modules))"
    LIBS_NS3=""
    # Drop absolute library paths that do not exist (e.g. libgsl.so without libgsl-dev).
    # shellcheck disable=SC2046
    for w in $(pkg-config --libs $(pc_modules)); do
        if [[ "$w" == /* ]] && [ ! -e "$w" ]; then
            say "warning: pkg-config names missing library $w; leaving it out"
            continue
        fi
        LIBS_NS3="$LIBS_NS3 $w"
    done
    say "building $STREAM_BIN: g++ -O2 -std=c++17 -o $STREAM_BIN $STREAM_SRC \$(pkg-config --cflags --libs $(pc_modules))"
    # shellcheck disable=SC2086
    g++ -O2 -std=c++17 -o "$STREAM_BIN" "$STREAM_SRC" $CFLAGS_NS3 $LIBS_NS3 \
        || die "building $STREAM_SRC failed"
fi

# ---------------------------------------------------------------- helpers

# json_num KEY TEXT: first numeric value of "KEY" in TEXT (accepts 1.5E7 too).
json_num() {
    printf '%s' "$2" | tr -d '\n\r' \
        | grep -oE "\"$1\"[[:space:]]*:[[:space:]]*-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?" \
        | head -n1 | sed -E 's/^.*:[[:space:]]*//' || true
}
# fmin A B: the smaller, A empty meaning none yet.
fmin() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
fmt() { if [ -z "$1" ]; then echo "-"; else awk -v x="$1" -v f="$2" 'BEGIN { printf f, x }'; fi; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }

SANSIM_OK=1
SANSIM_WHY=""
if [ ! -e "$SANSIM_CMD" ] && ! command -v "$SANSIM_CMD" >/dev/null 2>&1; then
    SANSIM_OK=0
    SANSIM_WHY="'$SANSIM_CMD' not found at the repository root"
elif [ -e "$SANSIM_CMD" ] && [ ! -x "$SANSIM_CMD" ]; then
    SANSIM_OK=0
    SANSIM_WHY="'$SANSIM_CMD' is not executable"
fi

SIM_SECONDS=""         # simulated time of SanSim's stream; ns-3 runs the same
BEST_SANSIM=""         # lowest slowdown
BEST_SANSIM_EPS=""     # events per second of that run
BEST_NS3=""
BEST_NS3_EPS=""

run_sansim() {
    local out err rc slow sim eps wall
    [ "$SANSIM_OK" = 1 ] || return 0
    err="$(mktemp)"
    rc=0
    out="$("${RUN_PREFIX[@]}" "$SANSIM_CMD" bench model --cases stream --iters "stream=$MESSAGES" \
        --warmup "$WARMUP" --json 2>"$err")" || rc=$?
    slow="$(json_num slowdown "$out")"
    sim="$(json_num simulatedSeconds "$out")"
    if [ "$rc" -ne 0 ] || [ -z "$slow" ] || [ -z "$sim" ]; then
        SANSIM_OK=0
        SANSIM_WHY="'$SANSIM_CMD bench model' failed (exit $rc) or printed no slowdown"
        say "SanSim: $SANSIM_WHY; its output ended with:"
        { printf '%s\n' "$out" | tail -n 5; tail -n 10 "$err"; } | sed 's/^/    | /'
        rm -f "$err"
        return 0
    fi
    rm -f "$err"
    printf '%s\n' "$out" | tr -d '\n\r' >> "$OUT"; echo >> "$OUT"
    eps="$(json_num eventsPerSecond "$out")"
    wall="$(json_num wallSeconds "$out")"
    [ -n "$SIM_SECONDS" ] || SIM_SECONDS="$sim"
    if [ -z "$BEST_SANSIM" ] || awk -v a="$slow" -v b="$BEST_SANSIM" 'BEGIN { exit !(a + 0 < b + 0) }'; then
        BEST_SANSIM="$slow"; BEST_SANSIM_EPS="$eps"
    fi
    printf '  SanSim  simulated %s s in %s s wall: slowdown %s, %s events/s\n' "$(fmt "$sim" '%.6f')" \
        "$(fmt "$wall" '%.3f')" "$(fmt "$slow" '%.1f')" "$(fmt "$eps" '%.0f')"
}

run_ns3() {
    local sim="$1" out slow eps wall recv
    if ! out="$("${RUN_PREFIX[@]}" "$STREAM_BIN" --sim-seconds="$sim")"; then
        die "ns-3 stream run failed (--sim-seconds=$sim)"
    fi
    echo "$out" >> "$OUT"
    slow="$(json_num slowdown "$out")"
    [ -n "$slow" ] || die "ns-3 stream printed no slowdown: $out"
    eps="$(json_num eventsPerSecond "$out")"
    wall="$(json_num wallSeconds "$out")"
    recv="$(json_num packetsReceived "$out")"
    if [ -z "$BEST_NS3" ] || awk -v a="$slow" -v b="$BEST_NS3" 'BEGIN { exit !(a + 0 < b + 0) }'; then
        BEST_NS3="$slow"; BEST_NS3_EPS="$eps"
    fi
    printf '  ns-3    simulated %s s in %s s wall: slowdown %s, %s events/s, %s datagrams\n' \
        "$(fmt "$sim" '%.6f')" "$(fmt "$wall" '%.3f')" "$(fmt "$slow" '%.1f')" "$(fmt "$eps" '%.0f')" "$recv"
}

# ---------------------------------------------------------------- runs

LOAD_START="$(load)"
say "stream of $MESSAGES x 4096 B, best of $RUNS; machine: $(nproc) CPU(s)${PIN_CPU:+, pinned to CPU $PIN_CPU}, load average $LOAD_START"
say "raw results in $OUT"
[ "$SANSIM_OK" = 1 ] || say "SanSim: $SANSIM_WHY; measuring ns-3 alone"

for ((r = 1; r <= RUNS; r++)); do
    say "round $r/$RUNS"
    # SanSim goes first in odd rounds (the first also tells ns-3 the simulated time), last in even ones.
    if (( r % 2 == 1 )) || [ -z "$SIM_SECONDS" ]; then
        run_sansim
        ran_sansim=1
    else
        ran_sansim=0
    fi
    if [ -z "$SIM_SECONDS" ]; then
        # No SanSim figure: 4096-byte messages at SanSim's payload rate, about 97.5 Gb/s.
        SIM_SECONDS="$(awk -v n="$MESSAGES" 'BEGIN { printf "%.9f", n * 4096 * 8 / 97.515e9 }')"
        say "ns-3 runs for $SIM_SECONDS simulated seconds (SanSim's payload rate x $MESSAGES messages)"
    fi
    run_ns3 "$SIM_SECONDS"
    if [ "$ran_sansim" = 0 ]; then run_sansim; fi
done
LOAD_END="$(load)"

# ---------------------------------------------------------------- report

echo
echo "Stream, best of $RUNS runs, $(fmt "$SIM_SECONDS" '%.6f') simulated seconds each; ns-3 $NS3_VERSION"
echo "load average at the start $LOAD_START, at the end $LOAD_END; $(nproc) CPU(s)"
printf '%-44s %14s %16s\n' "" "slowdown" "events/s"
printf '%-44s %14s %16s\n' "SanSim (write_bw 4096 B, verbs)" "$(fmt "$BEST_SANSIM" '%.1f')" \
    "$(fmt "$BEST_SANSIM_EPS" '%.0f')"
printf '%-44s %14s %16s\n' "ns-3 (point-to-point UDP, 4096 B datagrams)" "$(fmt "$BEST_NS3" '%.1f')" \
    "$(fmt "$BEST_NS3_EPS" '%.0f')"

if [ -z "$BEST_SANSIM" ]; then
    printf '%-44s %14s\n' "SanSim / ns-3" "n/a"
    echo
    say "SanSim was not measured: ${SANSIM_WHY:-no result}"
    if [ "$CHECK" = 1 ]; then
        say "--check: cannot check the ratio without a SanSim measurement"
        exit 1
    fi
    exit 0
fi
RATIO="$(awk -v a="$BEST_SANSIM" -v b="$BEST_NS3" 'BEGIN { printf "%.2f", a / b }')"
printf '%-44s %14s\n' "SanSim / ns-3" "${RATIO}x"
echo
status=0
if awk -v r="$RATIO" -v m="$MAX_RATIO" 'BEGIN { exit !(r + 0 > m + 0) }'; then status=1; fi
if [ "$status" = 0 ]; then
    say "SanSim's slowdown is at most $MAX_RATIO times ns-3's: PASS"
else
    say "SanSim's slowdown is more than $MAX_RATIO times ns-3's: FAIL"
fi
if [ "$CHECK" = 1 ]; then
    exit "$status"
fi
exit 0
