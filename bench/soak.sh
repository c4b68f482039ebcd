#!/usr/bin/env bash
# bench/soak.sh runs TestSoak (soak_test.go, module root) for a long time:
# mixed traffic from four SDK clients (site administrators of three sites)
# against tsctest with faults of every kind injected, then the end-state,
# goroutine and heap checks the test documents. The normal suite runs the
# same test for 3 s.
#
#   bench/soak.sh                 10 minutes
#   SOAK=30m bench/soak.sh        any Go duration
#   RACE=1 bench/soak.sh          under the race detector (needs cgo)
#
# The test logs, once a second, the goroutine count and heap in use, so a
# slow growth shows in the output even within the bounds. Exits with the
# test's status.
set -euo pipefail

cd "$(dirname "$0")/.."
duration="${SOAK:-10m}"
race=()
if [ "${RACE:-}" = 1 ]; then
	race=(-race)
fi
# The go test timeout leaves room for the set-up and the end checks.
exec go test "${race[@]}" -count=1 -run '^TestSoak$' -v -timeout 2h . -soak.duration="$duration"
