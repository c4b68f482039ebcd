package tsc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// logBuffer is a concurrency-safe buffer for a slog handler.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// records decodes the JSON log lines.
func (b *logBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// debugLogger returns a logger writing JSON records at Debug level to a buffer.
func debugLogger() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// TestLogRecords checks the Debug records of a call that is retried once:
// each attempt's request and response, with method, path (no query),
// status, duration and attempt, and the retry between them.
func TestLogRecords(t *testing.T) {
	logger, buf := debugLogger()
	ts := setup(t, WithLogger(logger))
	var n atomic.Int32
	ts.handle("GET "+usersPath, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			serveXML(http.StatusServiceUnavailable, tableauError("503000", "Unavailable", "later"))(w, r)
			return
		}
		serveXML(http.StatusOK, []byte(emptyUsersPage))(w, r)
	})
	if _, _, err := ts.client.Users.List(bg, ListOptions{Filters: []Filter{Eq("name", "alice")}}); err != nil {
		t.Fatal(err)
	}
	recs := buf.records(t)
	type rec struct {
		Msg, Level, Method, Path string
		Status, Attempt          float64
		HasDuration, HasWait     bool
	}
	var got []rec
	for _, m := range recs {
		r := rec{Msg: str(m["msg"]), Level: str(m["level"]), Method: str(m["method"]), Path: str(m["path"])}
		r.Status, _ = m["status"].(float64)
		r.Attempt, _ = m["attempt"].(float64)
		_, r.HasDuration = m["duration"]
		_, r.HasWait = m["wait"]
		got = append(got, r)
	}
	want := []rec{
		{Msg: "tableau request", Level: "DEBUG", Method: "GET", Path: usersPath, Attempt: 1},
		{Msg: "tableau response", Level: "DEBUG", Method: "GET", Path: usersPath, Status: 503, Attempt: 1, HasDuration: true},
		{Msg: "tableau retry", Level: "DEBUG", Method: "GET", Path: usersPath, Attempt: 1, HasWait: true},
		{Msg: "tableau request", Level: "DEBUG", Method: "GET", Path: usersPath, Attempt: 2},
		{Msg: "tableau response", Level: "DEBUG", Method: "GET", Path: usersPath, Status: 200, Attempt: 2, HasDuration: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log records (-want +got):\n%s\nlog:\n%s", diff, buf)
	}
	if strings.Contains(buf.String(), "alice") {
		t.Errorf("the query string reached the log:\n%s", buf)
	}
}

// TestLogConnectionError checks the response record of an attempt that got no answer.
func TestLogConnectionError(t *testing.T) {
	logger, buf := debugLogger()
	ts := setup(t, WithLogger(logger), WithoutRetries())
	ts.handle("GET "+thingsPath, hangUp)
	if err := doThing(bg, ts.client, "GET"); err == nil {
		t.Fatal("no error")
	}
	recs := buf.records(t)
	if len(recs) != 2 {
		t.Fatalf("%d records, want a request and a response:\n%s", len(recs), buf)
	}
	resp := recs[1]
	if resp["msg"] != "tableau response" || resp["error"] == nil || resp["duration"] == nil || resp["status"] != nil {
		t.Errorf("response record %v: want an error and a duration, no status", resp)
	}
}

// TestLogQuietAboveDebug checks that the SDK logs nothing at Info level.
func TestLogQuietAboveDebug(t *testing.T) {
	var buf logBuffer
	ts := setup(t, WithLogger(slog.New(slog.NewJSONHandler(&buf, nil))))
	ts.handle("GET "+usersPath, serveXML(http.StatusOK, []byte(emptyUsersPage)))
	if _, _, err := ts.client.Users.List(bg, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); s != "" {
		t.Errorf("records at Info level:\n%s", s)
	}
}

func str(v any) string { s, _ := v.(string); return s }

// The secrets TestSecretsNeverLeak hands to the SDK.
const (
	secretPassword     = "pw-Sup3r-S3cret-1"
	secretPAT          = "pat-9f8e7d6c5b4a39281706"
	secretJWT          = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNlY3JldA"
	secretUserPassword = "new-user-Passw0rd-2"
)

var allSecrets = []string{secretPassword, secretPAT, secretJWT, secretUserPassword, referenceToken}

// TestSecretsNeverLeak signs in with a password, a personal access token and
// a JWT, updates a user's password, and makes calls that fail, all with
// Debug logging on; then proves that no secret (nor the session token the
// server handed out) is in the log or in any error string.
func TestSecretsNeverLeak(t *testing.T) {
	logger, buf := debugLogger()
	var text logBuffer
	textLogger := slog.New(slog.NewTextHandler(&text, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ts := setup(t, WithLogger(logger))
	signIn := reference(t, "auth_sign_in.xml")
	if !bytes.Contains(signIn, []byte(referenceToken)) {
		t.Fatalf("auth_sign_in.xml no longer holds the token %s", referenceToken)
	}

	// The server checks that the secrets do travel on the wire, so this
	// test cannot pass by the SDK sending nothing.
	var mu sync.Mutex
	var wire []string
	var signins atomic.Int32
	ts.handle("POST /api/3.29/auth/signin", func(w http.ResponseWriter, r *http.Request) {
		body := readBody(t, r)
		mu.Lock()
		wire = append(wire, body)
		mu.Unlock()
		if strings.Contains(body, "wrong-password") {
			serveXML(http.StatusUnauthorized, tableauError(CodeSignInFailed, "Signin Error", "Error signing in to Tableau Server"))(w, r)
			return
		}
		if signins.Add(1) == 5 {
			// An answer the SDK cannot read, though it carries the token.
			serveXML(http.StatusOK, bytes.ReplaceAll(signIn, []byte(`xmlns="http://tableau.com/api"`), []byte(`xmlns="http://tableau.com/api/v9"`)))(w, r)
			return
		}
		serveXML(http.StatusOK, signIn)(w, r)
	})
	uid := "dd2239f6-ddf1-4107-981a-4cf94e415794"
	var updates atomic.Int32
	ts.handle("PUT "+usersPath+"/"+uid, func(w http.ResponseWriter, r *http.Request) {
		body := readBody(t, r)
		mu.Lock()
		wire = append(wire, body)
		mu.Unlock()
		switch updates.Add(1) {
		case 1: // retried once
			serveXML(http.StatusServiceUnavailable, []byte("<html><body>Service Unavailable</body></html>"))(w, r)
		case 2:
			serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"><user name="alice" siteRole="Viewer"/></tsResponse>`))(w, r)
		default:
			serveXML(http.StatusBadRequest, tableauError("400000", "Bad Request", "The password does not meet the password policy."))(w, r)
		}
	})
	var gets atomic.Int32
	ts.handle("GET "+usersPath+"/"+uid, func(w http.ResponseWriter, r *http.Request) {
		if gets.Add(1) == 1 {
			// The session expired: the client signs in again and repeats.
			serveXML(http.StatusUnauthorized, tableauError(CodeSessionExpired, "Signin Error", "Invalid authentication credentials were provided."))(w, r)
			return
		}
		serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"><user id="`+uid+`" name="alice" siteRole="Viewer"/></tsResponse>`))(w, r)
	})

	c := ts.client
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	creds := []Credentials{
		Password("admin", secretPassword, "Samples"),
		PersonalAccessToken("automation", secretPAT, "Samples"),
		JWT(secretJWT, "Samples").Impersonate(uid),
	}
	for _, cr := range creds {
		if err := c.SignIn(bg, cr); err != nil {
			t.Fatalf("SignIn(%v): %v", cr, err)
		}
	}
	// A refused sign-in, and the session still in use afterwards.
	err := c.SignIn(bg, Password("admin", "wrong-password", "Samples"))
	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("sign-in with a wrong password: %v, want ErrUnauthorized", err)
	}
	keep(err)
	// An expired session: the 401 leads to a fourth sign-in, with the JWT.
	if _, err := c.Users.Get(bg, uid); err != nil {
		t.Fatalf("Users.Get after the session expired: %v", err)
	}
	// A password change, retried once after a 503.
	if _, err := c.Users.Update(bg, User{ID: uid, Password: secretUserPassword}); err != nil {
		t.Fatalf("Users.Update: %v", err)
	}
	// A password change refused by the server.
	_, err = c.Users.Update(bg, User{ID: uid, Password: secretUserPassword})
	if !errors.Is(err, ErrBadRequest) {
		t.Errorf("refused update: %v, want ErrBadRequest", err)
	}
	keep(err)
	// A sign-in whose answer cannot be read: its excerpt would hold the token.
	err = c.SignIn(bg, PersonalAccessToken("automation", secretPAT, "Samples"))
	var re *ResponseError
	if !errors.As(err, &re) {
		t.Errorf("unreadable sign-in answer: %v, want a *ResponseError", err)
	} else if !strings.Contains(re.Excerpt, `<credentials token="[REDACTED]">`) {
		t.Errorf("excerpt %q: want the body with the token redacted", re.Excerpt)
	}
	keep(err)
	// A caller that logs the SDK's values, errors and client.
	session := c.Session()
	textLogger.Debug("state", "session", session, "creds", creds[0], "user", User{Name: "alice", Password: secretUserPassword}, "errors", errs, "client", c)
	logger.Debug("state", "session", session, "creds", creds[0], "user", User{Name: "alice", Password: secretUserPassword}, "errors", errs, "client", c)

	// The secrets did reach the server.
	mu.Lock()
	allWire := strings.Join(wire, "\n")
	mu.Unlock()
	for _, s := range []string{secretPassword, secretPAT, secretJWT, secretUserPassword} {
		if !strings.Contains(allWire, s) {
			t.Errorf("secret %q was never sent: the test proves nothing about it", s)
		}
	}
	if got := session.Token.Reveal(); got != referenceToken {
		t.Errorf("session token %q, want the captured one", got)
	}
	if n := signins.Load(); n != 5 {
		t.Errorf("%d sign-ins answered, want 5", n)
	}
	if len(errs) != 3 {
		t.Errorf("%d errors collected, want 3: %v", len(errs), errs)
	}
	// And never came back out.
	places := map[string]string{"JSON log": buf.String(), "text log": text.String()}
	for i, err := range errs {
		places[fmt.Sprintf("error %d", i)] = err.Error()
		places[fmt.Sprintf("error %d %%+v", i)] = fmt.Sprintf("%+v", err)
	}
	for where, s := range places {
		assertNoSecret(t, where, s)
	}
	if !strings.Contains(buf.String(), `"msg":"tableau retry"`) || !strings.Contains(buf.String(), "/auth/signin") {
		t.Errorf("the log lacks the expected records:\n%s", buf)
	}
}

func assertNoSecret(t *testing.T, where, s string) {
	t.Helper()
	for _, secret := range allSecrets {
		if strings.Contains(s, secret) {
			t.Errorf("%s contains secret %q:\n%s", where, secret, s)
		}
	}
}

// TestSecretsNotPrinted checks every fmt verb on the types that hold secrets.
func TestSecretsNotPrinted(t *testing.T) {
	session := Session{Token: Secret(referenceToken), SiteID: testSiteID, SiteContentURL: "Samples", UserID: "u"}
	sir := SignInRequest{Name: "admin", Password: Secret(secretPassword), PersonalAccessTokenName: "automation",
		PersonalAccessTokenSecret: Secret(secretPAT), JWT: Secret(secretJWT), Site: SiteRef{ContentURL: "Samples"}}
	user := User{ID: "u", Name: "alice", Password: Secret(secretUserPassword)}
	reply := SignInReply{Token: Secret(referenceToken)}
	pat := PersonalAccessToken("automation", secretPAT, "Samples")
	c, err := NewClient("https://tableau.example.com", WithSession(session), WithVersion("3.29"))
	if err != nil {
		t.Fatal(err)
	}
	c.creds = &pat // as after signing in
	values := map[string]any{
		"Credentials password":     Password("admin", secretPassword, "Samples"),
		"Credentials PAT":          PersonalAccessToken("automation", secretPAT, "Samples"),
		"Credentials JWT":          JWT(secretJWT, "Samples"),
		"*Credentials":             &pat,
		"Credentials impersonated": JWT(secretJWT, "").Impersonate("u"),
		"Session":                  session,
		"*Session":                 &session,
		"User":                     user,
		"*User":                    &user,
		"[]User":                   []User{user},
		"SignInRequest":            sir,
		"*SignInRequest":           &sir,
		"SignInReply":              reply,
		"Secret":                   Secret(secretPassword),
		"*Client":                  c,
		"map":                      map[string]any{"s": session, "u": user},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"}
	for name, v := range values {
		for _, verb := range verbs {
			assertNoSecret(t, name+" "+verb, fmt.Sprintf(verb, v))
			assertNoSecret(t, name+" hex of "+verb, hexDecodeAll(fmt.Sprintf(verb, v)))
		}
		if b, err := json.Marshal(v); err == nil {
			assertNoSecret(t, name+" JSON", string(b))
		}
	}
	// fmt prints the pointers inside a struct as addresses for %v, %+v and
	// %#v; with other verbs (%s, %d...) it prints what they point to in
	// "bad verb" mode, where it calls no String or Format method at all, so
	// nothing can redact a secret behind a pointer. The wire envelope is
	// therefore only safe to print with the v verbs.
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		assertNoSecret(t, "TSRequest "+verb, fmt.Sprintf(verb, TSRequest{Credentials: &sir, User: &user}))
	}
	// The secret is still there for the code that has to send it.
	if session.Token.Reveal() != referenceToken {
		t.Error("Reveal lost the token")
	}
}

// hexDecodeAll undoes %x on a whole string, so that a secret printed as hex is caught.
func hexDecodeAll(s string) string {
	var out []byte
	for _, f := range strings.Fields(s) {
		f = strings.Trim(f, "{}[]&\"")
		var b []byte
		if _, err := fmt.Sscanf(f, "%x", &b); err == nil {
			out = append(out, b...)
			out = append(out, ' ')
		}
	}
	return string(out)
}
