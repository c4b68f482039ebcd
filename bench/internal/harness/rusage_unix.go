//go:build unix

package harness

import (
	"runtime"
	"syscall"
)

// PeakRSS is this process's peak resident set size in bytes, or 0 if
// unknown. On Linux it is VmHWM of /proc/self/status: getrusage's
// ru_maxrss there carries the parent's peak across fork and exec (a child
// of a 300 MiB parent reports 300 MiB however little it uses), so a
// benchmark client started from the test binary would report the test
// binary's peak instead of its own.
func PeakRSS() int64 {
	if runtime.GOOS == "linux" {
		if n := vmHWM("/proc/self/status"); n > 0 {
			return n
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) // bytes there
	}
	return int64(ru.Maxrss) << 10 // KiB on the BSDs
}
