#!/usr/bin/env bash
# Fuzz every fuzz target of the module, one after the other, for a set time each.
#
#   bench/fuzz.sh                      every target in ./..., 30s each
#   FUZZTIME=5m bench/fuzz.sh          longer runs (any -fuzztime value: 90s, 10000x)
#   bench/fuzz.sh ./internal/emulator/...   only the targets of some packages
#   FUZZ=Filter bench/fuzz.sh          only targets whose name matches a regexp
#
# Targets are found with `go test -list`, so one added anywhere in the module
# is fuzzed without editing this script. Plain `go test ./...` already runs
# every target once on its seed corpus; this script searches for new inputs.
# A failing input is written to <package>/testdata/fuzz/<Target>/: commit it
# with the fix, and it becomes a seed that `go test` runs from then on.
# Exits 1 if any target failed, after running them all.
set -euo pipefail

cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-30s}"
match="${FUZZ:-.}"
if [ "$#" -eq 0 ]; then
	set -- ./...
fi

# `go test -list` prints each package's matching names, then "ok <package> <time>";
# a package that does not build prints FAIL (its errors go to stderr) and is
# reported at the end, while the others are still fuzzed.
failed=()
list="$(go test -list '^Fuzz' "$@")" || true
while read -r pkg; do
	failed+=("$pkg (does not build)")
done < <(awk '/^FAIL/ && NF >= 2 { print $2 }' <<<"$list")
targets="$(awk '/^Fuzz/ { names = names " " $1; next }
	/^ok/ { n = split(names, a, " "); for (i = 1; i <= n; i++) print $2, a[i]; names = "" }' <<<"$list")"
if [ -z "$targets" ]; then
	echo "no fuzz targets found in $*" >&2
	exit 1
fi

count=0
while read -r pkg target; do
	if ! [[ "$target" =~ $match ]]; then
		continue
	fi
	count=$((count + 1))
	echo "==> $target ($pkg), $fuzztime"
	if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg"; then
		failed+=("$pkg $target")
	fi
done <<<"$targets"

echo "==> fuzzed $count targets for $fuzztime each"
if [ "${#failed[@]}" -gt 0 ]; then
	printf 'FAILED: %s\n' "${failed[@]}" >&2
	exit 1
fi
