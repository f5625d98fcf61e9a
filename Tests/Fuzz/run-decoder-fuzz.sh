#!/bin/sh
# Builds the libFuzzer target for the sealed-form decoder and runs it for a bounded time.
#
#   Tests/Fuzz/run-decoder-fuzz.sh [--scratch-path DIR] [SECONDS]
#
# SECONDS (default 60) is passed to libFuzzer as -max_total_time. The binary, logs and any
# finding (crash-*, leak-*, timeout-*, oom-* files) go to the scratch dir (default
# .build-fuzz/decoder-fuzz, or $FUZZ_SCRATCH_PATH). The corpus is temporary, seeded by the
# harness with genuine forms. Needs only the Swift toolchain (its clang runtime and lld) and
# libsodium-dev; it builds the format core (Sources/PeerLogFormat) itself, without SwiftPM or GRDB. $SWIFTC overrides the compiler;
# $ASAN_OPTIONS is passed through (detect_leaks=0 where LeakSanitizer cannot run).
#
# Exit status: 0 no finding, 1 finding (crash, sanitizer report, broken property, timeout, OOM),
# 2 usage, set-up or build error.
set -eu

say() { printf 'run-decoder-fuzz: %s\n' "$*"; }
die() { say "error: $*" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${FUZZ_SCRATCH_PATH:-$repo/.build-fuzz/decoder-fuzz}
seconds=60
while [ $# -gt 0 ]; do
    case $1 in
        --scratch-path) [ $# -ge 2 ] || die "--scratch-path needs a directory"; scratch=$2; shift 2 ;;
        --scratch-path=*) scratch=${1#*=}; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *[!0-9]*|'') die "expected a number of seconds, got '$1'" ;;
        *) seconds=$1; shift ;;
    esac
done
[ "$seconds" -gt 0 ] || die "the time bound must be at least 1 second"

swiftc=${SWIFTC:-swiftc}
command -v "$swiftc" >/dev/null 2>&1 || die "swiftc not found (install the Swift toolchain or set SWIFTC)"
mkdir -p "$scratch/findings" || die "cannot create $scratch"
scratch=$(cd "$scratch" && pwd)
binary=$scratch/sealed-form-decoder-fuzz

# The whole format core (Sources/PeerLogFormat: libsodium only, no GRDB or SQLite) and the harness,
# compiled as one module, so the harness reaches the decoder's internals without @testable.
core=$repo/Sources/PeerLogFormat
set --
for file in $(find "$core" -name '*.swift' | sort); do set -- "$@" "$file"; done
set -- "$@" "$repo/Tests/Fuzz/SealedFormDecoderFuzz.swift" "$repo/Tests/Fuzz/FuzzSeeds.swift"
# libsodium's own flags, if pkg-config knows any (none on Debian: /usr/include, /usr/lib).
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libsodium; then
    for flag in $(pkg-config --cflags-only-I libsodium); do set -- "$@" -Xcc "$flag"; done
    for flag in $(pkg-config --libs-only-L libsodium); do set -- "$@" "$flag"; done
fi

# The toolchain's lld links quietly; without it the system linker (gold) works but prints warnings.
linker=
swiftc_dir=$(dirname "$(command -v "$swiftc")")
if [ -x "$swiftc_dir/ld.lld" ]; then linker=-use-ld=lld; fi

say "building $binary (swiftc -sanitize=fuzzer,address -O) ..."
started=$(date +%s)
if ! "$swiftc" -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g $linker \
        -module-name PeerLogDecoderFuzz -package-name peerlog -I "$repo/Sources/CSodium" "$@" -o "$binary" \
        >"$scratch/build.log" 2>&1; then
    tail -n 30 "$scratch/build.log" >&2
    if grep -q "sodium.h" "$scratch/build.log"; then die "build failed: libsodium headers missing (apt-get install libsodium-dev)"; fi
    die "build failed (full log: $scratch/build.log)"
fi
say "built in $(( $(date +%s) - started )) s"

corpus=$(mktemp -d "${TMPDIR:-/tmp}/peerlog-decoder-corpus.XXXXXX") || die "cannot create a temporary corpus dir"
trap 'rm -rf "$corpus"' EXIT
trap 'exit 2' HUP INT TERM
export SWIFT_BACKTRACE=enable=no # let libFuzzer and ASan report crashes, not Swift's backtracer
PEERLOG_FUZZ_SEED_DIR=$corpus PEERLOG_FUZZ_DICT=$scratch/decoder.dict "$binary" >"$scratch/seeds.log" 2>&1 \
    || { cat "$scratch/seeds.log" >&2; die "the harness could not write its seeds"; }
say "$(ls "$corpus" | wc -l | tr -d ' ') seeds; fuzzing for $seconds s (log: $scratch/fuzz.log)"

rm -f "$scratch"/findings/*
status=0
"$binary" "$corpus" -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=20 -max_len=400 \
    -dict="$scratch/decoder.dict" -artifact_prefix="$scratch/findings/" -print_final_stats=1 \
    >"$scratch/fuzz.log" 2>&1 || status=$?

fuzzstat() { sed -n "s/^stat::$1: *//p" "$scratch/fuzz.log" | tail -n 1; }
cov=$(grep -E '^#[0-9]+.*cov: ' "$scratch/fuzz.log" | tail -n 1 | sed -E 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [^ ]+).*/\1/')
findings=$(ls "$scratch/findings" 2>/dev/null | wc -l | tr -d ' ')
if [ "$status" -ne 0 ] || [ "$findings" -ne 0 ]; then
    tail -n 60 "$scratch/fuzz.log" >&2
    reason=
    for pattern in 'SEALED-FORM FUZZ FINDING: .*' 'Swift runtime failure: [^/]*' 'Fatal error: .*' \
                   'ERROR: [A-Za-z]+Sanitizer: .*' 'SUMMARY: .*'; do
        reason=$(grep -o -m 1 -E "$pattern" "$scratch/fuzz.log" | cut -c 1-200)
        if [ -n "$reason" ]; then break; fi
    done
    say "FINDING (libFuzzer exit $status): ${reason:-see $scratch/fuzz.log}"
    artifact=$(ls "$scratch"/findings/* 2>/dev/null | head -n 1)
    if [ -n "$artifact" ]; then say "reproduce: SWIFT_BACKTRACE=enable=no $binary $artifact"; fi
    exit 1
fi
say "no finding in $seconds s: $(fuzzstat number_of_executed_units) runs, $(fuzzstat average_exec_per_sec) exec/s, $cov, peak RSS $(fuzzstat peak_rss_mb) MB"
