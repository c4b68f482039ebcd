//go:build !race

package tsc_test

// e2eRace says the race detector is on: it slows the emulator's SQLite (pure
// Go, transpiled C) by two orders of magnitude, so large-data tests shrink.
const e2eRace = false
