package wirejson_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/wirejson"
)

var t0 = tsc.NewTime(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC))

// TestMarshalShapes pins the JSON of typical answers, written by hand from
// Tableau's documented shape (docs/json.md), so that the translation
// cannot drift from it unnoticed.
func TestMarshalShapes(t *testing.T) {
	resp := func(f func(r *tsc.TSResponse)) *tsc.TSResponse {
		r := tsc.NewTSResponse()
		f(r)
		return r
	}
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"empty list", resp(func(r *tsc.TSResponse) {
			r.Pagination = &tsc.Pagination{PageNumber: 1, PageSize: 100, TotalAvailable: 0}
			r.Workbooks = &tsc.WorkbookList{}
		}), `{"pagination":{"pageNumber":"1","pageSize":"100","totalAvailable":"0"},"workbooks":{}}`},
		{"list", resp(func(r *tsc.TSResponse) {
			r.Pagination = &tsc.Pagination{PageNumber: 2, PageSize: 1, TotalAvailable: 5}
			r.Groups = &tsc.GroupList{Groups: []tsc.Group{{ID: "g1", Name: "All Users", Domain: &tsc.Domain{Name: "local"}}}}
		}), `{"pagination":{"pageNumber":"2","pageSize":"1","totalAvailable":"5"},"groups":{"group":[{"id":"g1","name":"All Users","domain":{"name":"local"}}]}}`},
		{"error", resp(func(r *tsc.TSResponse) {
			r.Error = &tsc.ErrorBody{Code: "401002", Summary: "Unauthorized Access", Detail: "Invalid authentication credentials were provided."}
		}), `{"error":{"code":"401002","summary":"Unauthorized Access","detail":"Invalid authentication credentials were provided."}}`},
		{"server info", resp(func(r *tsc.TSResponse) {
			r.ServerInfo = &tsc.ServerInfo{ProductVersion: tsc.ProductVersion{Value: "2026.2.0", Build: "20262.26"}, RESTAPIVersion: "3.29"}
		}), `{"serverInfo":{"productVersion":{"value":"2026.2.0","build":"20262.26"},"restApiVersion":"3.29"}}`},
		{"sign-in", resp(func(r *tsc.TSResponse) {
			r.Credentials = &tsc.SignInReply{Token: "tok|en", Site: tsc.Site{ID: "s1", ContentURL: ""}, User: tsc.User{ID: "u1"}}
		}), `{"credentials":{"token":"tok|en","site":{"id":"s1","contentUrl":""},"user":{"id":"u1"}}}`},
		{"workbook", resp(func(r *tsc.TSResponse) {
			r.Workbook = &tsc.Workbook{ID: "w1", ShowTabs: tsc.Bool(false), Size: tsc.Int(2), CreatedAt: t0,
				Tags: &tsc.Tags{Tags: []tsc.Tag{{Label: "a"}, {Label: "b"}}}, Views: &tsc.ViewList{}}
		}), `{"workbook":{"id":"w1","showTabs":false,"size":"2","createdAt":"2024-05-06T07:08:09Z","tags":{"tag":[{"label":"a"},{"label":"b"}]},"views":{}}}`},
		{"request", &tsc.TSRequest{Credentials: &tsc.SignInRequest{Name: "admin", Password: "pw", Site: tsc.Site{ContentURL: "mkt"}}},
			`{"credentials":{"name":"admin","password":"pw","site":{"contentUrl":"mkt"}}}`},
		{"repeated without container", resp(func(r *tsc.TSResponse) {
			r.Site = &tsc.Site{ID: "s", ContentURL: "c", EmbeddingSettings: []tsc.EmbeddingSetting{{AllowList: "a.com", UnrestrictedEmbedding: true}}}
			r.Datasource = &tsc.Datasource{ID: "d", ParentDataSourceURLs: []string{"u1", "u2"}}
		}), `{"site":{"id":"s","contentUrl":"c","settings":[{"allowList":"a.com","unrestrictedEmbedding":true}]},"datasource":{"id":"d","parentDataSourceUrls":["u1","u2"]}}`},
		{"escaping", resp(func(r *tsc.TSResponse) {
			r.Project = &tsc.Project{Name: "a\"b\\c\n\t\x01\u2028é\xff<"}
		}), `{"project":{"name":"a\"b\\c\n\t\u0001\u2028é\ufffd<"}}`},
	}
	for _, c := range cases {
		got, err := wirejson.Marshal(c.v)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if string(got) != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: not valid JSON", c.name)
		}
	}
}

// fill sets every field of v (a struct) that the wire model has, to depth
// levels of nesting, with values that differ from zero.
func fill(v reflect.Value, depth int) {
	timeType := reflect.TypeFor[tsc.Time]()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		sf := v.Type().Field(i)
		if !sf.IsExported() || sf.Name == "XMLName" {
			continue
		}
		fillValue(f, sf.Name, depth, timeType)
	}
}

func fillValue(f reflect.Value, name string, depth int, timeType reflect.Type) {
	switch {
	case f.Type() == timeType:
		f.Set(reflect.ValueOf(t0))
		return
	case f.Kind() == reflect.Pointer:
		if depth <= 0 && f.Type().Elem().Kind() == reflect.Struct {
			return
		}
		p := reflect.New(f.Type().Elem())
		fillValue(p.Elem(), name, depth, timeType)
		f.Set(p)
		return
	}
	switch f.Kind() {
	case reflect.String:
		f.SetString("v-" + name + " \"<&>")
	case reflect.Bool:
		f.SetBool(true)
	case reflect.Int, reflect.Int64:
		f.SetInt(int64(len(name)) + 1000)
	case reflect.Struct:
		if depth > 0 {
			fill(f, depth-1)
		}
	case reflect.Slice:
		if depth > 0 {
			s := reflect.MakeSlice(f.Type(), 2, 2)
			for j := 0; j < 2; j++ {
				fillValue(s.Index(j), name, depth-1, timeType)
			}
			f.Set(s)
		}
	}
}

// TestRoundTripMatchesXML fills every field of both envelopes and checks
// that JSON carries exactly what XML carries: what survives a round trip
// through XML survives one through JSON, and nothing else.
func TestRoundTripMatchesXML(t *testing.T) {
	for _, depth := range []int{1, 2, 4} {
		resp := tsc.NewTSResponse()
		fill(reflect.ValueOf(resp).Elem(), depth)
		xb, err := tsc.EncodeResponse(resp)
		if err != nil {
			t.Fatal(err)
		}
		viaXML, err := tsc.DecodeResponse(xb)
		if err != nil {
			t.Fatal(err)
		}
		jb, err := wirejson.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		var viaJSON tsc.TSResponse
		if err := wirejson.Unmarshal(jb, &viaJSON, wirejson.Limits{}); err != nil {
			t.Fatalf("depth %d: %v", depth, err)
		}
		viaJSON.XMLName = viaXML.XMLName
		if d := cmp.Diff(viaXML, &viaJSON); d != "" {
			t.Errorf("depth %d: JSON and XML round trips differ (-xml +json):\n%s", depth, d)
		}

		req := &tsc.TSRequest{}
		fill(reflect.ValueOf(req).Elem(), depth)
		xb, err = tsc.EncodeRequest(req)
		if err != nil {
			t.Fatal(err)
		}
		rXML, err := tsc.DecodeRequest(xb)
		if err != nil {
			t.Fatal(err)
		}
		jb, _ = wirejson.Marshal(req)
		var rJSON tsc.TSRequest
		if err := wirejson.Unmarshal(jb, &rJSON, wirejson.RequestLimits); err != nil {
			t.Fatalf("request depth %d: %v", depth, err)
		}
		rJSON.XMLName = rXML.XMLName
		if d := cmp.Diff(rXML, &rJSON); d != "" {
			t.Errorf("request depth %d: JSON and XML round trips differ (-xml +json):\n%s", depth, d)
		}
	}
}

// TestUnmarshalTolerance reads what JSON clients write besides the
// canonical form.
func TestUnmarshalTolerance(t *testing.T) {
	in := `{
	  "unknown": {"deep": [1, {"x": null}], "n": 3},
	  "workbook": {"name": "Sales", "showTabs": "true", "size": 3, "hidden": "x",
	               "tags": {"tag": {"label": "one"}},
	               "views": {"view": [{"name": "v", "hidden": true}, null]},
	               "project": null, "createdAt": "not a time"},
	  "users": {"user": [{"id": "u1"}, {"id": "u2"}]},
	  "credentials": {"name": "a", "password": "p\u00e9", "site": {"contentUrl": ""}}
	}`
	var r tsc.TSRequest
	if err := wirejson.Unmarshal([]byte(in), &r, wirejson.RequestLimits); err != nil {
		t.Fatal(err)
	}
	want := tsc.TSRequest{
		Workbook: &tsc.Workbook{Name: "Sales", ShowTabs: tsc.Bool(true), Size: tsc.Int(3),
			Tags:  &tsc.Tags{Tags: []tsc.Tag{{Label: "one"}}},
			Views: &tsc.ViewList{Views: []tsc.View{{Name: "v", Hidden: tsc.Bool(true)}}}},
		Users:       &tsc.UserList{Users: []tsc.User{{ID: "u1"}, {ID: "u2"}}},
		Credentials: &tsc.SignInRequest{Name: "a", Password: "pé"},
	}
	if d := cmp.Diff(want, r, cmp.Comparer(func(a, b tsc.Secret) bool { return a.Reveal() == b.Reveal() })); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestUnmarshalRefuses checks each way a body is refused, and that the
// message says where.
func TestUnmarshalRefuses(t *testing.T) {
	lim := wirejson.Limits{MaxBytes: 200, MaxDepth: 4, MaxValues: 8, MaxProps: 3, MaxString: 10}
	cases := []struct {
		name, in, msg, limit string
	}{
		{"empty", ``, "ends too soon at line 1, column 1 (byte 0)", ""},
		{"array", `[]`, "must be a JSON object, not an array", ""},
		{"string", `"x"`, "must be a JSON object, not a string", ""},
		{"truncated", "{\"user\":\n{\"name\":", "ends too soon at line 2, column 9", ""},
		{"bad char", "{\n  \"user\": {\"name\": x}}", "invalid character 'x' looking for beginning of value at line 2, column 20", ""},
		{"trailing", `{} {}`, "text after the body's object at line 1, column 4", ""},
		{"object for string", `{"user":{"name":{}}}`, `the property "name" must be a string, number or boolean, not an object`, ""},
		{"string for object", `{"user":"x"}`, `the property "user" must be an object, not a string`, ""},
		{"bad bool", `{"user":{"publish":"maybe"}}`, `the property "publish" must be true or false, not "maybe"`, ""},
		{"bad int", `{"group":{"userCount":"1e3"}}`, `the property "userCount" must be an integer, not "1e3"`, ""},
		{"too big", `{"x":"` + strings.Repeat("a", 200) + `"}`, "body size in bytes limit of 200 at line 1, column 1 (byte 0)", wirejson.LimitBytes},
		{"too deep", `{"a":{"b":{"c":{"d":{}}}}}`, "nesting depth limit of 4", wirejson.LimitDepth},
		{"too deep known", `{"workbook":{"project":{"owner":{"domain":{}}}}}`, "nesting depth limit of 4", wirejson.LimitDepth},
		{"too many values", `{"a":[[],[],[],[],[],[],[],[]]}`, "object and array count limit of 8", wirejson.LimitValues},
		{"too many props", `{"a":1,"b":2,"c":3,"d":4}`, "properties per object limit of 3", wirejson.LimitProps},
		{"too many props skipped", `{"x":{"a":1,"b":2,"c":3,"d":4}}`, "properties per object limit of 3", wirejson.LimitProps},
		{"long string", `{"user":{"name":"abcdefghijk"}}`, "string size in bytes limit of 10", wirejson.LimitString},
		{"long number", `{"x":12345678901}`, "string size in bytes limit of 10", wirejson.LimitString},
	}
	for _, c := range cases {
		var r tsc.TSRequest
		err := wirejson.Unmarshal([]byte(c.in), &r, lim)
		var we *wirejson.Error
		if !errors.As(err, &we) {
			t.Errorf("%s: got %v, want a *wirejson.Error", c.name, err)
			continue
		}
		if !strings.Contains(err.Error(), c.msg) || we.Limit != c.limit {
			t.Errorf("%s: got %q (limit %q), want %q (limit %q)", c.name, err, we.Limit, c.msg, c.limit)
		}
	}
}

func TestProps(t *testing.T) {
	in := `{"x":[{"project":"not an object"}],"project":{"name":"P","description":"","topLevelProject":true,"favoritesTotal":3,"owner":{"id":"o"}},"workbook":{"project":{"name":"later"}}}`
	got, err := wirejson.Props([]byte(in), "project", wirejson.RequestLimits)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"name": "P", "description": "", "topLevelProject": "true", "favoritesTotal": "3"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if got, _ := wirejson.Props([]byte(`{"a":{}}`), "project", wirejson.RequestLimits); got != nil {
		t.Errorf("absent element: got %v", got)
	}
	if _, err := wirejson.Props([]byte(`{"a":{"b":{"c":{}}}}`), "project", wirejson.Limits{MaxDepth: 2}); err == nil {
		t.Error("Props ignored the depth limit")
	}
}

type withInner struct {
	X string `xml:",innerxml"`
}
type withPath struct {
	X string `xml:"a>b"`
}
type custom struct{}

func (custom) MarshalXML(*xml.Encoder, xml.StartElement) error { return nil }

type withCustom struct {
	C custom `xml:"c"`
}
type withBytes struct {
	B []byte `xml:"b"`
}
type withAny struct {
	A any `xml:"a"`
}

// TestCheckRefusesWhatHasNoJSON: a model type using an xml feature the
// translation lacks is refused by name, never written wrong.
func TestCheckRefusesWhatHasNoJSON(t *testing.T) {
	if err := wirejson.Check(&tsc.TSResponse{}); err != nil {
		t.Errorf("TSResponse: %v", err)
	}
	if err := wirejson.Check(tsc.TSRequest{}); err != nil {
		t.Errorf("TSRequest: %v", err)
	}
	for _, v := range []any{withInner{}, withPath{}, withCustom{}, withBytes{}, withAny{}, 3} {
		if err := wirejson.Check(v); err == nil {
			t.Errorf("%T: no error", v)
		}
		if _, err := wirejson.Marshal(v); err == nil {
			t.Errorf("Marshal %T: no error", v)
		}
	}
}
