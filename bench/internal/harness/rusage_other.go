//go:build !unix

package harness

// PeakRSS is unknown (0) where getrusage is missing.
func PeakRSS() int64 { return 0 }
