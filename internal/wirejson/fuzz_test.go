package wirejson_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/wirejson"
)

// FuzzUnmarshalRequest feeds the JSON request decoder arbitrary bodies:
// it must never panic, refuse with a *wirejson.Error (never another
// error), and what it accepts must survive being written and read again
// unchanged.
func FuzzUnmarshalRequest(f *testing.F) {
	for _, s := range []string{
		`{"credentials":{"name":"admin","password":"pw","site":{"contentUrl":""}}}`,
		`{"credentials":{"personalAccessTokenName":"t","personalAccessTokenSecret":"s","site":{"contentUrl":"mkt"}}}`,
		`{"workbook":{"name":"Sales","showTabs":"true","project":{"id":"p"},"views":{"view":[{"name":"v","hidden":true}]}}}`,
		`{"users":{"user":[{"id":"a"},{"id":"b"}]}}`,
		`{"tags":{"tag":{"label":"one"}}}`,
		`{"site":{"name":"S","contentUrl":"s","userQuota":15,"revisionHistoryEnabled":false,"settings":[{"allowList":"x"}]}}`,
		`{"user":{"name":"u","siteRole":"Viewer","domain":{"name":"local"},"groups":{"group":[]}}}`,
		`{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
		`{"project":{"name":"\ud800","createdAt":"2024-01-01T00:00:00Z"}} x`,
		`{"connection":{"serverPort":1e400,"embedPassword":"1"}}`,
		"{\"group\":{\"userCount\":\"-9223372036854775809\"}}",
		`[]`, `null`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var r tsc.TSRequest
		err := wirejson.Unmarshal(body, &r, wirejson.RequestLimits)
		if err != nil {
			var we *wirejson.Error
			if !errors.As(err, &we) {
				t.Fatalf("refused with %T %v, want a *wirejson.Error", err, err)
			}
			return
		}
		b, err := wirejson.Marshal(&r)
		if err != nil {
			t.Fatalf("accepted %q but cannot write it: %v", body, err)
		}
		var again tsc.TSRequest
		if err := wirejson.Unmarshal(b, &again, wirejson.Limits{}); err != nil {
			t.Fatalf("wrote %s, which does not read back: %v", b, err)
		}
		if d := cmp.Diff(r, again, cmp.Comparer(func(a, b tsc.Secret) bool { return a.Reveal() == b.Reveal() })); d != "" {
			t.Fatalf("%q changed on a round trip (-first +again):\n%s", body, d)
		}
	})
}
