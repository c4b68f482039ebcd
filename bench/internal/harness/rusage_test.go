package harness

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestPeakRSSIsTheChildsOwn holds the fix for what an audit found:
// getrusage(RUSAGE_SELF) on Linux reports a child's peak as at least its
// parent's at fork, so a small benchmark client started by a big test
// binary reported the test binary's peak. The parent here touches 256 MiB
// and starts itself again; the child must report far less.
func TestPeakRSSIsTheChildsOwn(t *testing.T) {
	if os.Getenv("HARNESS_PEAK_CHILD") == "1" {
		os.Stdout.WriteString("peak=" + strconv.FormatInt(PeakRSS(), 10) + "\n")
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is Linux's")
	}
	ballast := make([]byte, 256<<20)
	for i := range ballast {
		if i%4096 == 0 {
			ballast[i] = 1
		}
	}
	if parent := PeakRSS(); parent < 256<<20 {
		t.Fatalf("parent peak %d B after touching 256 MiB: PeakRSS does not read the peak", parent)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPeakRSSIsTheChildsOwn$")
	cmd.Env = append(os.Environ(), "HARNESS_PEAK_CHILD=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	runtime.KeepAlive(ballast)
	_, v, ok := strings.Cut(string(out), "peak=")
	if !ok {
		t.Fatalf("child printed %q", out)
	}
	child, err := strconv.ParseInt(strings.TrimSpace(strings.SplitN(v, "\n", 2)[0]), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if child <= 0 || child > 128<<20 {
		t.Fatalf("child reports a peak of %d MiB: it carries the parent's (256 MiB+), not its own", child>>20)
	}
}

// countingReader records the largest read it was asked for.
type countingReader struct {
	left, largest int
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	r.largest = max(r.largest, len(p))
	n := min(len(p), r.left)
	r.left -= n
	return n, nil
}

// TestFloorCopiesWithTheSDKBuffer holds the floor to the SDK's buffer: the
// audit found the floors copying in 8 and 32 KiB reads while the SDK reads
// 64 KiB, which made the floor slower for a reason that is not the SDK's.
func TestFloorCopiesWithTheSDKBuffer(t *testing.T) {
	for _, dst := range []io.Writer{io.Discard, new(bytes.Buffer)} {
		src := &countingReader{left: 1 << 20}
		n, err := CopySDKBuffer(dst, src)
		if err != nil || n != 1<<20 {
			t.Fatalf("copied %d, %v", n, err)
		}
		if src.largest != SDKCopyBuffer {
			t.Errorf("%T: reads of %d bytes, want %d", dst, src.largest, SDKCopyBuffer)
		}
	}
}
