//go:build unix

package harness

import (
	"runtime"
	"syscall"
)

// PeakRSS is the process's peak resident set size in bytes (getrusage's
// ru_maxrss, the VmHWM of /proc/self/status on Linux), or 0 if unknown.
func PeakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) // bytes there
	}
	return int64(ru.Maxrss) << 10 // KiB on Linux and the BSDs
}
