package serve

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// faultState is what GET /_emulator/faults answers.
type faultState struct {
	Seed  uint64 `json:"seed"`
	Spec  string `json:"spec"`
	Stats struct {
		Requests int64            `json:"requests"`
		Injected map[string]int64 `json:"injected"`
	} `json:"stats"`
}

// controlDo sends a control request with the token of s; a body goes as JSON.
func controlDo(t *testing.T, s *serving, method, path, body string) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.info["url"]+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.info["control-token"])
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func getFaults(t *testing.T, s *serving) faultState {
	t.Helper()
	resp := controlDo(t, s, "GET", "/_emulator/faults", "")
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /_emulator/faults: %s", resp.Status)
	}
	var st faultState
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestServeInjectsFaults(t *testing.T) {
	s := start(t, "--admin-password", "pw", "--faults", "503:1@GET/sites/*/projects", "--faults-seed", "42", "--latency", "1ms±1ms")
	if !strings.Contains(s.stderr.String(), "injecting faults: 503:1@GET/sites/*/projects,latency=1ms±1ms (seed 42)") {
		t.Errorf("stderr does not name the faults and seed: %s", s.stderr.String())
	}
	st := getFaults(t, s)
	if st.Seed != 42 || st.Spec != "503:1@GET/sites/*/projects,latency=1ms±1ms" {
		t.Fatalf("GET /_emulator/faults = %+v", st)
	}
	ctx := context.Background()
	c, err := tsc.NewClient(s.info["url"], tsc.WithRetryPolicy(tsc.RetryPolicy{MaxAttempts: 2, MaxRetryAfter: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SignIn(ctx, tsc.Password("admin", "pw", "")); err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Projects.List(ctx, tsc.ListOptions{})
	var se *tsc.ServerError
	if !errors.As(err, &se) || se.HTTPStatus != 503 {
		t.Fatalf("projects under a 503 rule: %v", err)
	}
	// Two attempts at the list; sign-in and serverinfo got only latency.
	st = getFaults(t, s)
	if st.Stats.Injected["503"] != 2 || st.Stats.Injected["latency"] != st.Stats.Requests {
		t.Errorf("stats %+v", st.Stats)
	}

	// DELETE clears the faults while the server runs.
	resp := controlDo(t, s, "DELETE", "/_emulator/faults", "")
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE /_emulator/faults: %s", resp.Status)
	}
	if _, _, err := c.Projects.List(ctx, tsc.ListOptions{}); err != nil {
		t.Fatalf("after DELETE /_emulator/faults: %v", err)
	}
}

func TestServeRefusesBadFaults(t *testing.T) {
	for _, args := range [][]string{{"--faults", "418:1"}, {"--latency", "soon"}, {"--faults", "cut:2"}} {
		f := &cmdutil.Factory{IO: &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}, Globals: &cmdutil.GlobalOptions{}}
		cmd := NewCmdServe(f)
		cmd.SetArgs(append([]string{"--addr", "127.0.0.1:0"}, args...))
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		if err := cmd.Execute(); err == nil || !cmdutil.IsUsageError(err) {
			t.Errorf("serve %v: %v, want a usage error", args, err)
		}
	}
}
