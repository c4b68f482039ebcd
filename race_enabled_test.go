//go:build race

package tsc

// raceEnabled is true under the race detector, which makes reading tens of
// megabytes slow enough that a test may choose a smaller case.
const raceEnabled = true
