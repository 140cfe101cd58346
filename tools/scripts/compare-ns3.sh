#!/usr/bin/env bash
# compare-ns3.sh - hold-model kernel benchmark: SanSim against ns-3's own kernel.
#
# Builds tools/ns3/hold.cc against Debian's ns-3 libraries (installing
# libns3-dev with apt-get if needed), then for each pending count runs ns-3's
# hold model with every scheduler and SanSim's
#   ./sansim bench kernel --pending N --events M --json
# interleaved round by round so both see the same machine load. Keeps the best
# of R runs of each, prints a table and the ratio SanSim / best ns-3.
#
# Exit status: 0 normally; with --check, 1 if SanSim / best ns-3 is below the
# required ratio (default 4) at any pending count, or SanSim could not be
# measured; 2 on usage or setup errors (ns-3 cannot be installed or built).
#
# See tools/ns3/README.md.

set -euo pipefail

EVENTS=10000000
RUNS=3
PENDINGS="1000 100000"
RNGS="ns3 mt"
SCHEDULERS="Map Heap Calendar PriorityQueue"
WITH_LIST=0
LIST_MAX_PENDING=1000
CHECK=0
MIN_RATIO=4
INSTALL=1
SANSIM_CMD=./sansim
PIN_CPU=""
RUN_TIMEOUT=900
OUT=""

usage() {
    cat <<'EOF'
usage: tools/scripts/compare-ns3.sh [options]

Runs the hold model (N pending events; each event schedules one new event at
now + Exp(mean 1000 ps)) on ns-3 and on SanSim, interleaved, best of R runs.

options:
  --check             exit 1 unless SanSim / best ns-3 >= the minimum ratio
                      at every pending count (and SanSim was measured)
  --min-ratio X       minimum ratio for --check (default 4)
  --events M          events per run (default 10000000)
  --runs R            runs per configuration; the best is kept (default 3)
  --pending LIST      comma- or space-separated pending counts (default 1000,100000)
  --rng ns3|mt|both   ns-3 random generator: ns3::ExponentialRandomVariable,
                      std::mt19937_64, or both (default both; the best ns-3
                      figure is the fastest over schedulers and generators)
  --with-list         also run ns-3's List scheduler (only for pending <= 1000;
                      it is O(N) per insert)
  --sansim CMD        SanSim launcher (default ./sansim)
  --pin CPU           run every benchmark under 'taskset -c CPU'
  --no-install        never apt-get install; fail if ns-3 is missing
  --timeout SECONDS   per-run time limit (default 900)
  --out FILE          raw JSON lines of every run (default target/ns3/last-run.jsonl)
  -h, --help          this text
EOF
}

die() { echo "compare-ns3: error: $*" >&2; exit 2; }
say() { echo "compare-ns3: $*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --check) CHECK=1 ;;
        --min-ratio) MIN_RATIO="${2:?--min-ratio needs a value}"; shift ;;
        --events) EVENTS="${2:?--events needs a value}"; shift ;;
        --runs) RUNS="${2:?--runs needs a value}"; shift ;;
        --pending) PENDINGS="$(echo "${2:?--pending needs a value}" | tr ',' ' ')"; shift ;;
        --rng)
            case "${2:-}" in
                ns3) RNGS="ns3" ;; mt) RNGS="mt" ;; both) RNGS="ns3 mt" ;;
                *) die "--rng must be ns3, mt or both" ;;
            esac
            shift ;;
        --with-list) WITH_LIST=1 ;;
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
is_uint "$EVENTS" || die "--events must be a positive integer"
is_uint "$RUNS" || die "--runs must be a positive integer"
for n in $PENDINGS; do is_uint "$n" || die "bad pending count '$n'"; done
[[ "$MIN_RATIO" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--min-ratio must be a number"

# Work from the repository root, wherever the script is called from.
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$REPO_ROOT"

HOLD_SRC=tools/ns3/hold.cc
BUILD_DIR=target/ns3
HOLD_BIN="$BUILD_DIR/hold"
[ -f "$HOLD_SRC" ] || die "$HOLD_SRC not found; run from a SanSim checkout"
mkdir -p "$BUILD_DIR"
[ -n "$OUT" ] || OUT="$BUILD_DIR/last-run.jsonl"
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

# Debian packages ns-3's core as pkg-config module 'ns3-core'; upstream builds
# may name it e.g. 'ns3.37-core-default' or 'ns3-core-optimized'.
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

ns3_headers_ok() {
    command -v g++ >/dev/null || return 1
    # shellcheck disable=SC2046
    echo '#include "ns3/simulator.h"' \
        | g++ -std=c++17 -fsyntax-only -x c++ - $(pkg-config --cflags "$PC") >/dev/null 2>&1
}

ns3_ready() { find_pc && ns3_headers_ok; }

if ! ns3_ready; then
    [ "$INSTALL" = 1 ] || die "ns-3 development files not found (pkg-config ns3-core / headers) and --no-install given"
    say "ns-3 development files not found; installing Debian's libns3-dev with apt-get"
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install libns3-dev"
        SUDO=(sudo)
    fi
    command -v apt-get >/dev/null || die "apt-get not found; install ns-3 (libns3-dev) by hand"
    "${SUDO[@]}" apt-get update || die "apt-get update failed"
    # libgsl-dev: Debian's ns3-core.pc links libgsl.so by absolute path, and only
    # libgsl-dev ships that file (libns3-dev does not depend on it).
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
        libns3-dev libgsl-dev g++ pkg-config || die "apt-get install libns3-dev failed"
    ns3_ready || die "libns3-dev installed but pkg-config module or headers still not usable"
fi
NS3_VERSION="$(pkg-config --modversion "$PC" 2>/dev/null || echo unknown)"
say "ns-3 $NS3_VERSION found (pkg-config module '$PC')"

# ---------------------------------------------------------------- build hold

if [ ! -x "$HOLD_BIN" ] || [ "$HOLD_SRC" -nt "$HOLD_BIN" ]; then
    CFLAGS_NS3="$(pkg-config --cflags "$PC")"
    LIBS_NS3=""
    # Drop absolute library paths that do not exist (e.g. libgsl.so without
    # libgsl-dev); the ns-3 shared library already names what it needs.
    for w in $(pkg-config --libs "$PC"); do
        if [[ "$w" == /* ]] && [ ! -e "$w" ]; then
            say "warning: pkg-config names missing library $w; leaving it out"
            continue
        fi
        LIBS_NS3="$LIBS_NS3 $w"
    done
    say "building $HOLD_BIN: g++ -O2 -std=c++17 -o $HOLD_BIN $HOLD_SRC \$(pkg-config --cflags --libs $PC)"
    # shellcheck disable=SC2086
    g++ -O2 -std=c++17 -o "$HOLD_BIN" "$HOLD_SRC" $CFLAGS_NS3 $LIBS_NS3 \
        || die "building $HOLD_SRC failed"
fi

# ---------------------------------------------------------------- helpers

# json_num KEY TEXT: first numeric value of "KEY" in TEXT (accepts 1.5E7 too).
json_num() {
    printf '%s' "$2" | tr -d '\n\r' \
        | grep -oE "\"$1\"[[:space:]]*:[[:space:]]*-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?" \
        | head -n1 | sed -E 's/^.*:[[:space:]]*//' || true
}
fmax() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 > a + 0) print b; else print a }'; }
fmt_m() { if [ -z "$1" ]; then echo "-"; else awk -v x="$1" 'BEGIN { printf "%.2f M", x / 1e6 }'; fi; }

declare -A BEST=()      # key "label|pending" -> best events/s
LABELS=()               # ns-3 row labels, in order
add_label() { local l; for l in "${LABELS[@]}"; do [ "$l" = "$1" ] && return; done; LABELS+=("$1"); }

SANSIM_OK=1
SANSIM_WHY=""
if [ ! -e "$SANSIM_CMD" ] && ! command -v "$SANSIM_CMD" >/dev/null 2>&1; then
    SANSIM_OK=0
    SANSIM_WHY="'$SANSIM_CMD' not found at the repository root"
elif [ -e "$SANSIM_CMD" ] && [ ! -x "$SANSIM_CMD" ]; then
    SANSIM_OK=0
    SANSIM_WHY="'$SANSIM_CMD' is not executable"
fi
[ "$SANSIM_OK" = 1 ] || say "SanSim: $SANSIM_WHY; skipping the SanSim half (ns-3 only)"

run_ns3() { # scheduler pending rng seed
    local s="$1" n="$2" g="$3" seed="$4" out eps label
    if ! out="$("${RUN_PREFIX[@]}" "$HOLD_BIN" --scheduler="$s" --pending="$n" \
            --events="$EVENTS" --rng="$g" --seed="$seed")"; then
        die "ns-3 run failed: scheduler=$s pending=$n rng=$g"
    fi
    echo "$out" >> "$OUT"
    eps="$(json_num eventsPerSecond "$out")"
    [ -n "$eps" ] || die "ns-3 run printed no eventsPerSecond: $out"
    label="ns-3 $s (rng $g)"
    add_label "$label"
    BEST["$label|$n"]="$(fmax "${BEST["$label|$n"]:-}" "$eps")"
    printf '  ns-3   %-14s rng=%-3s pending=%-7s %12s ev/s\n' "$s" "$g" "$n" "$(fmt_m "$eps")"
}

run_sansim() { # pending
    local n="$1" out err eps rc p e
    [ "$SANSIM_OK" = 1 ] || return 0
    err="$(mktemp)"
    rc=0
    out="$("${RUN_PREFIX[@]}" "$SANSIM_CMD" bench kernel --pending "$n" --events "$EVENTS" --json 2>"$err")" || rc=$?
    eps="$(json_num eventsPerSecond "$out")"
    if [ "$rc" -ne 0 ] || [ -z "$eps" ]; then
        SANSIM_OK=0
        SANSIM_WHY="'$SANSIM_CMD bench kernel' failed (exit $rc) or printed no eventsPerSecond"
        say "SanSim: $SANSIM_WHY; skipping the SanSim half from here on. Its output ended with:"
        { printf '%s\n' "$out" | tail -n 5; tail -n 10 "$err"; } | sed 's/^/    | /'
        rm -f "$err"
        return 0
    fi
    rm -f "$err"
    printf '%s\n' "$out" | tr -d '\n\r' >> "$OUT"; echo >> "$OUT"
    p="$(json_num pending "$out")"; e="$(json_num events "$out")"
    if [ -n "$p" ] && [ "$p" != "$n" ]; then say "warning: SanSim reported pending=$p, asked for $n"; fi
    if [ -n "$e" ] && [ "$e" != "$EVENTS" ]; then say "warning: SanSim reported events=$e, asked for $EVENTS"; fi
    BEST["SanSim|$n"]="$(fmax "${BEST["SanSim|$n"]:-}" "$eps")"
    printf '  SanSim %-14s %-7s pending=%-7s %12s ev/s\n' "kernel" "" "$n" "$(fmt_m "$eps")"
}

# ---------------------------------------------------------------- runs

say "hold model: mean increment 1000 ps, $EVENTS events per run, best of $RUNS; pending counts: $PENDINGS"
say "machine: $(nproc) CPU(s)${PIN_CPU:+, pinned to CPU $PIN_CPU}; raw results in $OUT"

for n in $PENDINGS; do
    scheds="$SCHEDULERS"
    if [ "$WITH_LIST" = 1 ]; then
        if [ "$n" -le "$LIST_MAX_PENDING" ]; then scheds="$scheds List"
        else say "List scheduler skipped at pending=$n (O(N) per insert)"; fi
    fi
    for ((r = 1; r <= RUNS; r++)); do
        say "pending=$n round $r/$RUNS"
        # Alternate SanSim between the start and the end of each round.
        if (( r % 2 == 1 )); then run_sansim "$n"; fi
        for s in $scheds; do
            for g in $RNGS; do run_ns3 "$s" "$n" "$g" "$r"; done
        done
        if (( r % 2 == 0 )); then run_sansim "$n"; fi
    done
done

# ---------------------------------------------------------------- report

echo
echo "Hold model, events per second (best of $RUNS runs of $EVENTS events), ns-3 $NS3_VERSION"
printf '%-32s' ""
for n in $PENDINGS; do printf '%18s' "pending=$n"; done; echo
for label in "${LABELS[@]}"; do
    printf '%-32s' "$label"
    for n in $PENDINGS; do printf '%18s' "$(fmt_m "${BEST["$label|$n"]:-}")"; done; echo
done
declare -A NS3BEST=()
printf '%-32s' "ns-3 best"
for n in $PENDINGS; do
    b=""
    for label in "${LABELS[@]}"; do
        v="${BEST["$label|$n"]:-}"; [ -n "$v" ] && b="$(fmax "$b" "$v")"
    done
    NS3BEST[$n]="$b"
    printf '%18s' "$(fmt_m "$b")"
done; echo
printf '%-32s' "SanSim"
for n in $PENDINGS; do printf '%18s' "$(fmt_m "${BEST["SanSim|$n"]:-}")"; done; echo

status=0
missing=0
printf '%-32s' "SanSim / best ns-3"
for n in $PENDINGS; do
    s="${BEST["SanSim|$n"]:-}"
    if [ -z "$s" ]; then printf '%18s' "n/a"; missing=1; continue; fi
    ratio="$(awk -v a="$s" -v b="${NS3BEST[$n]}" 'BEGIN { printf "%.2f", a / b }')"
    printf '%18s' "${ratio}x"
    if awk -v r="$ratio" -v m="$MIN_RATIO" 'BEGIN { exit !(r + 0 < m + 0) }'; then status=1; fi
done; echo
echo

if [ "$missing" = 1 ]; then
    say "SanSim was not measured: ${SANSIM_WHY:-no result}"
else
    if [ "$status" = 0 ]; then
        say "ratio SanSim / best ns-3 >= $MIN_RATIO at every pending count: PASS"
    else
        say "ratio SanSim / best ns-3 below $MIN_RATIO at some pending count: FAIL"
    fi
fi

if [ "$CHECK" = 1 ]; then
    if [ "$missing" = 1 ]; then
        say "--check: cannot check the ratio without a SanSim measurement"
        exit 1
    fi
    exit "$status"
fi
exit 0
