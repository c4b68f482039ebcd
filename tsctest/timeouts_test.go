package tsctest_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc/tsctest"
)

// The timeouts the tests below configure: short, so that the tests are
// quick, with gaps far from them on either side, so that a loaded machine
// does not change an outcome. Nothing below asserts a speed: only whether
// a connection was cut off or a request completed.
const (
	testHeaderTimeout = time.Second
	testBodyIdle      = time.Second
	// failsafe ends a test whose server never cuts the client off.
	failsafe = 20 * time.Second
)

func timeoutServer(t *testing.T) (*tsctest.Server, string) {
	t.Helper()
	srv := tsctest.NewServer(t, tsctest.WithTimeouts(testHeaderTimeout, testBodyIdle, time.Minute))
	return srv, strings.TrimPrefix(srv.URL, "http://")
}

// trickle writes b one byte at a time with gap between bytes, until it is
// written or the connection fails; it reports whether it finished.
func trickle(conn net.Conn, b []byte, gap time.Duration) (finished bool) {
	for i := range b {
		if _, err := conn.Write(b[i : i+1]); err != nil {
			return false
		}
		time.Sleep(gap)
	}
	return true
}

// cutOff waits for the server to end the connection: it reads until EOF
// or an error, and fails the test if the failsafe passes first.
func cutOff(t *testing.T, conn net.Conn) string {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(failsafe))
	got, err := io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the server did not cut the connection off within %v (read %q)", failsafe, got)
	}
	return string(got)
}

func signInBody(srv *tsctest.Server) string {
	return fmt.Sprintf(`<tsRequest><credentials name="%s" password="%s"><site contentUrl=""/></credentials></tsRequest>`,
		srv.AdminUsername, srv.AdminPassword)
}

// TestSlowHeadersAreCutOff: a slowloris client that sends its headers a
// byte every 200 ms, for far longer than the header timeout (1 s), is cut
// off before it has sent them all, without an answer.
func TestSlowHeadersAreCutOff(t *testing.T) {
	_, addr := timeoutServer(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := "GET /api/3.29/serverinfo HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X-Slow: 1\r\n", 20) + "\r\n"
	done := make(chan bool, 1)
	go func() { done <- trickle(conn, []byte(head), 200*time.Millisecond) }()
	if got := cutOff(t, conn); strings.Contains(got, "200 OK") {
		t.Fatalf("the slow request was answered: %q", got)
	}
	conn.Close()
	if <-done {
		t.Fatal("the whole header went out before the server cut the connection off")
	}
}

// TestStalledBodyIsCutOff: a client that sends its headers at once and then
// its body a byte every 3 s (three times the body idle timeout of 1 s) is
// cut off at the first gap: the request is not signed in, and the body
// never goes out whole.
func TestStalledBodyIsCutOff(t *testing.T) {
	srv, addr := timeoutServer(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := signInBody(srv)
	fmt.Fprintf(conn, "POST /api/3.29/auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
	done := make(chan bool, 1)
	go func() { done <- trickle(conn, []byte(body[10:20]), 3*time.Second) }()
	got := cutOff(t, conn)
	if strings.Contains(got, "200 OK") || strings.Contains(got, "credentials token") {
		t.Fatalf("the stalled request was answered as a sign-in: %q", got)
	}
	conn.Close()
	if <-done {
		t.Fatal("the trickled bytes all went out before the server cut the connection off")
	}
}

// TestSteadySlowBodyCompletes: a body sent in small pieces with a gap of
// 200 ms between them (a fifth of the idle timeout), over about 4 s (four
// times the idle timeout), signs in: the deadline moves with each piece
// received, it does not bound the request.
func TestSteadySlowBodyCompletes(t *testing.T) {
	srv, addr := timeoutServer(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := signInBody(srv)
	fmt.Fprintf(conn, "POST /api/3.29/auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: %d\r\n\r\n", len(body))
	const pieces = 20
	step := (len(body) + pieces - 1) / pieces
	start := time.Now()
	for i := 0; i < len(body); i += step {
		time.Sleep(200 * time.Millisecond)
		if _, err := io.WriteString(conn, body[i:min(i+step, len(body))]); err != nil {
			t.Fatalf("the server cut off a steady body after %v: %v", time.Since(start), err)
		}
	}
	if elapsed := time.Since(start); elapsed < 2*testBodyIdle {
		t.Fatalf("the body went out in %v, not over more than twice the idle timeout: the test proves nothing", elapsed)
	}
	conn.SetReadDeadline(time.Now().Add(failsafe))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a steady body: %v", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(answer), "token=") {
		t.Fatalf("a steady slow sign-in got %d %s", resp.StatusCode, answer)
	}
}
