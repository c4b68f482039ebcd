//go:build linux

package bench

import (
	"bytes"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"github.com/tsc-go/tsc/bench/internal/harness"
)

// rowCounter counts a JSON list's rows (each opens with "\n  {") and its
// bytes without holding them.
type rowCounter struct {
	rows, bytes int
	tail        []byte
}

func (w *rowCounter) Write(p []byte) (int, error) {
	w.bytes += len(p)
	buf := append(w.tail, p...)
	w.rows += bytes.Count(buf, []byte("\n  {")) - bytes.Count(w.tail, []byte("\n  {"))
	w.tail = append(w.tail[:0], buf[max(0, len(buf)-3):]...)
	return len(p), nil
}

// BenchmarkCLIListUsersJSON runs `tabctl users list --all -o json` in a
// process of its own against an emulator holding TSC_BENCH_USERS users
// (100,000) and reports the command's peak RSS: lists print page by page
// as the pages arrive, so it stays near one page's worth (the goal is
// under 30 MiB; holding the whole list took about 220 MiB).
func BenchmarkCLIListUsersJSON(b *testing.B) {
	n := harness.Int("TSC_BENCH_USERS", 100000)
	srv := harness.StartServer(b, "--seed-users", strconv.Itoa(n-1))
	bin := harness.Binary(b, "cmd/tabctl")
	dir := harness.TempDir(b)
	var peak int64
	for b.Loop() {
		cmd := exec.Command(bin, "users", "list", "--all", "-o", "json",
			"-s", srv.URL, "-u", srv.Username, "-p", srv.Password)
		cmd.Env = []string{"TABCTL_CONFIG_DIR=" + dir, "HOME=" + dir}
		out := &rowCounter{}
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = out, &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("tabctl users list: %v\n%s", err, stderr.String())
		}
		if out.rows != n {
			b.Fatalf("listed %d users, want %d", out.rows, n)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		peak = max(peak, int64(ru.Maxrss)<<10)
		b.SetBytes(int64(out.bytes))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(n), "users")
}
