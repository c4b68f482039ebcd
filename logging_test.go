package tsc

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"net/http"
	"path/filepath"
	"reflect"
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

	// Every other exported type that can hold a secret, filled by reflection.
	covered := map[string]bool{"Credentials": true, "Client": true, "Secret": true,
		// Deprecated aliases: the same types as User, Project, Workbook, Datasource, Site.
		"UserRef": true, "ProjectRef": true, "WorkbookRef": true, "DatasourceRef": true, "SiteRef": true}
	for _, v := range secretHolders {
		covered[reflect.TypeOf(v).Name()] = true
		assertFilledValueRedacted(t, v)
	}
	// The services hold the client: every verb prints them without its secrets.
	cv := reflect.ValueOf(c).Elem()
	for i := range cv.NumField() {
		f := cv.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer {
			continue
		}
		covered[f.Type.Elem().Name()] = true
		svc := cv.Field(i).Interface()
		for _, verb := range verbs {
			assertNoSecret(t, f.Name+" "+verb, fmt.Sprintf(verb, svc))
			assertNoSecret(t, f.Name+" value "+verb, fmt.Sprintf(verb, cv.Field(i).Elem().Interface()))
		}
	}
	for _, name := range exportedSecretHolders(t) {
		if !covered[name] {
			t.Errorf("type %s can hold a Secret but is not printed here: add it to secretHolders", name)
		}
	}
}

// secretHolders holds a zero value of every exported type that can hold a
// Secret, directly or in a field; TestSecretsNotPrinted fills every exported
// field of each by reflection, a Secret with a distinct value, and prints
// it. exportedSecretHolders finds a type missing here from the source.
// (Credentials and Client keep their secrets in unexported fields, which
// reflection cannot set: they are built by hand above.)
var secretHolders = []any{
	Session{}, SignInRequest{}, SignInReply{}, User{}, UserList{},
	Connection{}, ConnectionList{}, ConnectionCredentials{},
	Workbook{}, WorkbookList{}, Datasource{}, DatasourceList{}, PublishOptions{},
	TSRequest{}, TSResponse{},
	// References are full users (with a Password), so everything that
	// names an owner, publisher or project holds a Secret too.
	Project{}, ProjectList{}, View{}, ViewList{}, Revision{}, RevisionList{},
	Job{}, JobError{}, ExtractRefreshJob{}, ExtractCreationJob{}, ThumbnailsRefreshJob{}, UpdateUploadedFileJob{},
	Permissions{}, PermissionsContent{}, GranteeCapabilities{},
	// Tasks name their workbook or data source.
	Task{}, TaskList{}, ExtractRefreshTask{}, DataAccelerationTask{}, Extract{}, ExtractList{},
	LinkedTask{}, LinkedTaskList{}, LinkedTaskStep{}, LinkedTaskStepList{},
	Subscription{}, SubscriptionList{}, DataAlert{}, DataAlertList{},
	// Issue 16 parts 3 and 8: favorites name full items; a rotation carries
	// a password.
	Favorite{}, FavoriteList{}, CredentialRotation{},
	Subscription{}, SubscriptionList{}, DataAlert{}, DataAlertList{}, CustomView{}, CustomViewList{},
	// Webhooks name their owner (issue 16, webhooks).
	Webhook{}, WebhookList{},
	// Flows name their owner and project (models_flows.go).
	Flow{}, FlowList{}, RunFlowJob{},
	// Virtual connections name their owner and project.
	VirtualConnection{}, VirtualConnectionList{},
}

// assertFilledValueRedacted fills a copy of zero and checks that none of
// the secrets put in it comes out of fmt's v verbs (on the value and a
// pointer to it), JSON, or slog's text and JSON handlers. fmt prints a
// pointer inside a struct as an address with the v verbs; with others (%s,
// %d) it prints what it points to without calling Format, so only the v
// verbs are safe for every type, and those are what logs use.
func assertFilledValueRedacted(t *testing.T, zero any) {
	t.Helper()
	name := reflect.TypeOf(zero).Name()
	ptr := reflect.New(reflect.TypeOf(zero))
	var secrets []string
	fillForTest(ptr.Elem(), 0, &secrets)
	if len(secrets) == 0 {
		t.Errorf("%s: no Secret field could be filled", name)
		return
	}
	v, p := ptr.Elem().Interface(), ptr.Interface()
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		outputs = append(outputs, fmt.Sprintf(verb, v), fmt.Sprintf(verb, p), fmt.Sprintf(verb, []any{v}))
	}
	if b, err := json.Marshal(v); err == nil {
		outputs = append(outputs, string(b))
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("value", "v", v, "p", p)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("value", "v", v, "p", p)
	outputs = append(outputs, logs.String())
	for _, out := range outputs {
		for _, secret := range secrets {
			if strings.Contains(out, secret) {
				t.Errorf("%s prints secret %q:\n%s", name, secret, out)
			}
		}
	}
	// The secrets are in the value: the wire (XML) carries them.
	if b, err := xml.Marshal(v); err == nil && hasXMLTags(reflect.TypeOf(zero)) && !strings.Contains(string(b), secrets[0]) {
		t.Errorf("%s: the filled secret %q is not on the wire: %s", name, secrets[0], b)
	}
}

// hasXMLTags reports whether a struct type is a wire type: one with xml tags.
func hasXMLTags(t reflect.Type) bool {
	for i := range t.NumField() {
		if _, ok := t.Field(i).Tag.Lookup("xml"); ok {
			return true
		}
	}
	return false
}

// fillForTest sets every exported field under v to a non-zero value, each
// Secret to a distinct one it appends to secrets; pointers, slices and
// maps get one element, down to a depth that ends cycles.
func fillForTest(v reflect.Value, depth int, secrets *[]string) {
	// 13 levels reach a linked task's step's task's workbook's owner's password.
	if depth > 13 || !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.Type() == reflect.TypeFor[Secret]() {
			s := fmt.Sprintf("s3cr3t-%03d-Qz7", len(*secrets))
			*secrets = append(*secrets, s)
			v.SetString(s)
		} else {
			v.SetString("x")
		}
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		fillForTest(e.Elem(), depth+1, secrets)
		v.Set(e)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fillForTest(s.Index(0), depth+1, secrets)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fillForTest(k, depth+1, secrets)
		fillForTest(e, depth+1, secrets)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillForTest(v.Field(i), depth+1, secrets)
			}
		}
	}
}

// exportedSecretHolders reads the package's source and returns every
// exported type whose definition mentions Secret or, transitively, another
// type that does: the types a caller could print with a secret inside.
func exportedSecretHolders(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	uses := map[string]map[string]bool{} // type name -> identifiers in its definition
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				ids := map[string]bool{}
				collect := func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.FuncType:
						return false // a func field holds no value to print
					case *ast.Field:
						// The field's type, not its name: a Workbook string is no Workbook.
						ast.Inspect(n.Type, func(m ast.Node) bool {
							if id, ok := m.(*ast.Ident); ok {
								ids[id.Name] = true
							}
							_, isFunc := m.(*ast.FuncType)
							return !isFunc
						})
						return false
					case *ast.Ident:
						ids[n.Name] = true
					}
					return true
				}
				ast.Inspect(ts.Type, collect)
				uses[ts.Name.Name] = ids
			}
		}
	}
	holds := map[string]bool{"Secret": true}
	for changed := true; changed; {
		changed = false
		for name, ids := range uses {
			if holds[name] {
				continue
			}
			for id := range ids {
				if holds[id] {
					holds[name], changed = true, true
					break
				}
			}
		}
	}
	var out []string
	for name := range holds {
		if ast.IsExported(name) {
			out = append(out, name)
		}
	}
	if len(out) < 10 {
		t.Fatalf("found only %v holding a secret: the source scan is broken", out)
	}
	return out
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
