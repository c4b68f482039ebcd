package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeMarker starts the README's JSON curl example; the console block
// after it is what TestReadmeJSONCurl runs.
const readmeMarker = "<!-- readme-json-curl:"

// placeholders are the README's names for values only the server knows:
// the first answer that has one binds it, later commands use it.
var placeholders = []string{"TOKEN", "SITE-ID", "USER-ID"}

// curlCommand is one `$ curl ...` line of the README with the answer it shows.
type curlCommand struct {
	method, url, body string
	headers           http.Header
	answer            string
}

// readmeCurl reads the console block after readmeMarker in README.md.
func readmeCurl(t *testing.T) []curlCommand {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(b), readmeMarker)
	if !ok {
		t.Fatal("README.md has no JSON curl example (" + readmeMarker + ")")
	}
	_, block, _ = strings.Cut(block, "```console\n")
	block, _, _ = strings.Cut(block, "```")
	// Join continued lines, then split into commands and their answers.
	block = strings.ReplaceAll(block, "\\\n", " ")
	var cmds []curlCommand
	for _, line := range strings.Split(block, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "$ curl "):
			cmds = append(cmds, parseCurl(t, strings.TrimPrefix(line, "$ curl ")))
		case len(cmds) > 0:
			cmds[len(cmds)-1].answer += line
		}
	}
	if len(cmds) < 2 {
		t.Fatalf("the README's JSON example has %d curl commands, want sign-in and a list", len(cmds))
	}
	return cmds
}

var curlWord = regexp.MustCompile(`'[^']*'|"[^"]*"|\S+`)

// parseCurl reads the curl options the README uses: -s, -X, -H, -d and the URL.
func parseCurl(t *testing.T, args string) curlCommand {
	t.Helper()
	c := curlCommand{method: "GET", headers: http.Header{}}
	words := curlWord.FindAllString(args, -1)
	for i := 0; i < len(words); i++ {
		w := strings.Trim(words[i], `'"`)
		next := func() string {
			i++
			if i >= len(words) {
				t.Fatalf("curl %s: %s needs a value", args, w)
			}
			return strings.Trim(words[i], `'"`)
		}
		switch w {
		case "-s":
		case "-X":
			c.method = next()
		case "-H":
			k, v, _ := strings.Cut(next(), ":")
			c.headers.Add(k, strings.TrimSpace(v))
		case "-d":
			c.body = next()
			if c.method == "GET" {
				c.method = "POST"
			}
		default:
			if strings.HasPrefix(w, "-") {
				t.Fatalf("curl option %s is not one the README test knows", w)
			}
			c.url = w
		}
	}
	return c
}

// TestReadmeJSONCurl runs the README's JSON curl example against tabctl
// serve, as a reader would (the same address and password), and checks
// each answer has the shape the README shows: the same properties and
// literal values, "..." for any value, and the placeholders bound to what
// the server answered.
func TestReadmeJSONCurl(t *testing.T) {
	cmds := readmeCurl(t)
	s := start(t, "--admin-password", "secret", "--no-log")
	bound := map[string]string{}
	fill := func(x string) string {
		x = strings.ReplaceAll(x, "http://127.0.0.1:8080", s.info["url"])
		for k, v := range bound {
			x = strings.ReplaceAll(x, k, v)
		}
		return x
	}
	for _, c := range cmds {
		var body io.Reader
		if c.body != "" {
			body = strings.NewReader(fill(c.body))
		}
		req, err := http.NewRequest(c.method, fill(c.url), body)
		if err != nil {
			t.Fatal(err)
		}
		for k, vs := range c.headers {
			for _, v := range vs {
				req.Header.Add(k, fill(v))
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 != 2 || resp.Header.Get("Content-Type") != "application/json;charset=utf-8" {
			t.Fatalf("%s %s: %d %s %s", c.method, c.url, resp.StatusCode, resp.Header.Get("Content-Type"), got)
		}
		var want, have any
		if err := json.Unmarshal([]byte(c.answer), &want); err != nil {
			t.Fatalf("the README's answer to %s is not JSON: %v\n%s", c.url, err, c.answer)
		}
		if err := json.Unmarshal(bytes.TrimSpace(got), &have); err != nil {
			t.Fatalf("%s: %v", c.url, err)
		}
		matchShape(t, c.url, "", want, have, bound)
	}
}

// matchShape compares an answer with the README's: objects with the same
// keys, arrays of the same length, equal literals; "..." matches any
// string, and a placeholder matches and binds (or must equal) a string.
func matchShape(t *testing.T, url, path string, want, have any, bound map[string]string) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			t.Errorf("%s: %s is %v, the README shows an object", url, path, have)
			return
		}
		for k := range h {
			if _, ok := w[k]; !ok {
				t.Errorf("%s: %s.%s is in the answer, not in the README", url, path, k)
			}
		}
		for k, wv := range w {
			hv, ok := h[k]
			if !ok {
				t.Errorf("%s: %s.%s is in the README, not in the answer", url, path, k)
				continue
			}
			matchShape(t, url, path+"."+k, wv, hv, bound)
		}
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			t.Errorf("%s: %s is %v, the README shows %d items", url, path, have, len(w))
			return
		}
		for i := range w {
			matchShape(t, url, path+"[]", w[i], h[i], bound)
		}
	case string:
		h, ok := have.(string)
		switch {
		case !ok:
			t.Errorf("%s: %s is %v, the README shows a string", url, path, have)
		case w == "...":
		case isPlaceholder(w):
			if v, seen := bound[w]; seen && v != h {
				t.Errorf("%s: %s is %q, but %s was %q", url, path, h, w, v)
			}
			bound[w] = h
		case w != h:
			t.Errorf("%s: %s is %q, the README shows %q", url, path, h, w)
		}
	default:
		if want != have {
			t.Errorf("%s: %s is %v, the README shows %v", url, path, have, want)
		}
	}
}

func isPlaceholder(s string) bool {
	for _, p := range placeholders {
		if s == p {
			return true
		}
	}
	return false
}
