#!/bin/sh
# bench/run.sh runs the performance benchmarks of package bench once and
# prints one Markdown table of every figure (docs/performance.md shows one),
# with the machine it ran on. The benchmarks' own output goes to stderr.
#
# It takes about 6 minutes on 2 CPUs (about 8 with the 4 GiB publish, which
# runs when the temporary directory has 20 GiB free), and is cut off after
# $TSC_BENCH_TIMEOUT seconds in all (default 1800). It needs 3 GiB of free
# disk (a 1 GiB generated file, 1 GiB per stored copy). Everything it and
# the emulator write goes under one temporary directory (made in
# $TSC_BENCH_TMP, default $TMPDIR or /tmp), removed at the end, also when
# interrupted. It talks to 127.0.0.1 only.
#
# Sizes can be changed with the TSC_BENCH_* variables documented in
# bench/doc.go (go doc ./bench), e.g.
#
#	TSC_BENCH_USERS=20000 TSC_BENCH_PUBLISH_SIZES=256MiB bench/run.sh
set -eu

cd "$(dirname "$0")/.."
budget=${TSC_BENCH_TIMEOUT:-1800}
tmp=$(mktemp -d "${TSC_BENCH_TMP:-${TMPDIR:-/tmp}}/tsc-bench-run.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

mkdir -p "$tmp/bin"
go build -o "$tmp/bin/tabctl" ./cmd/tabctl
go build -o "$tmp/bin/transferbench" ./bench/cmd/transferbench
go build -o "$tmp/bin/benchtable" ./bench/cmd/benchtable

if [ -z "${TSC_BENCH_PUBLISH_SIZES:-}" ]; then
	TSC_BENCH_PUBLISH_SIZES=1GiB
	free_kib=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
	if [ "${free_kib:-0}" -gt $((20 * 1024 * 1024)) ]; then
		TSC_BENCH_PUBLISH_SIZES=1GiB,4GiB
	fi
fi
# TMPDIR: the emulator's own temporary files go there too.
export TSC_BENCH_PUBLISH_SIZES TSC_BENCH_BIN="$tmp/bin" TSC_BENCH_TMP="$tmp" TMPDIR="$tmp"

# Each benchmark with its own number of iterations: enough to steady the
# fast ones, one for the slow ones. The floors run interleaved with the SDK
# inside each iteration, so that ratios compare runs under the same load.
run() {
	bench=$1
	iterations=$2
	left=$((start + budget - $(date +%s)))
	if [ "$left" -le 0 ]; then
		echo "bench/run.sh: out of time (TSC_BENCH_TIMEOUT=$budget s) before $bench" >&2
		exit 1
	fi
	go test ./bench -run '^$' -bench "^$bench\$" -benchtime "${iterations}x" -timeout "${left}s" \
		>>"$tmp/bench.txt" 2>&1 || {
		cat "$tmp/bench.txt" >&2
		echo "bench/run.sh: $bench failed" >&2
		exit 1
	}
}

start=$(date +%s)
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" >&2
for spec in BenchmarkSeed:1 BenchmarkUsersAll:3 BenchmarkPublish:2 BenchmarkDownload:3 BenchmarkWorkbookConnections:1 BenchmarkEmulatorListUsers:1 BenchmarkCLIListUsersJSON:1; do
	echo "running ${spec%:*} ($(($(date +%s) - start)) s so far)" >&2
	run "${spec%:*}" "${spec#*:}"
done
grep '^Benchmark' "$tmp/bench.txt" >&2
echo "all benchmarks took $(($(date +%s) - start)) s" >&2

"$tmp/bin/benchtable" -title "tsc performance ($(date -u +%Y-%m-%d))" <"$tmp/bench.txt"
