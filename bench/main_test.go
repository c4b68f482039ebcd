package bench

import (
	"os"
	"testing"

	"github.com/tsc-go/tsc/bench/internal/harness"
)

// TestMain removes the binaries and generated files once the benchmarks end.
func TestMain(m *testing.M) {
	code := m.Run()
	harness.Cleanup()
	os.Exit(code)
}
