package emulator_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// TestViewerDeniedReadSeesNothingOfTheWorkbook: a Viewer denied Read on a
// workbook (by a rule on them, or on a group of theirs, against the All
// Users group's Allow) can neither list, get, download nor export it, nor
// any of its views, through any route of the routing table that names a
// workbook or a view: every such route answers 404 as for a workbook that
// does not exist, and no answer carries its name or its views' names; the
// lists and their totals leave it out. Before the rule, the same Viewer
// reads and exports it, so the refusals are the rule's doing.
func TestViewerDeniedReadSeesNothingOfTheWorkbook(t *testing.T) {
	for _, via := range []string{"user", "group"} {
		t.Run(via, func(t *testing.T) {
			c := newContent(t, emulator.Config{})
			twbx := testFile(t, "workbooks/Sales.twbx")
			b := c.publishWorkbook("Secret Sales", "Sales.twbx", twbx, "", 201)
			wb := attrOf(t, b, "workbook", "id")
			views := attrsOf(t, b, "view", "id")
			viewNames := attrsOf(t, b, "view", "name")
			c.xml("", "PUT", c.sitePath("workbooks/"+wb+"/tags"), `<tsRequest><tags><tag label="q3"/></tags></tsRequest>`, 200)
			conn := attrOf(t, c.xml("", "GET", c.sitePath("workbooks/"+wb+"/connections"), "", 200), "connection", "id")
			visible := attrOf(t, c.publishWorkbook("Public Sales", "Sales.twbx", twbx, "", 201), "workbook", "id")

			vera := c.as("vera", "Viewer")
			// Control: the All Users defaults let her read and export it.
			vera.xml("", "GET", vera.sitePath("workbooks/"+wb), "", 200)
			vera.raw("GET", vera.sitePath("views/"+views[0]+"/image"), "", nil, 200)

			grantee := `<user id="` + vera.user + `"/>`
			if via == "group" {
				g := attrOf(t, c.xml("", "POST", c.sitePath("groups"), `<tsRequest><group name="Outsiders"/></tsRequest>`, 201), "group", "id")
				c.xml("", "POST", c.sitePath("groups/"+g+"/users"), `<tsRequest><user id="`+vera.user+`"/></tsRequest>`, 200)
				grantee = `<group id="` + g + `"/>`
			}
			c.xml("", "PUT", c.sitePath("workbooks/"+wb+"/permissions"), `<tsRequest><permissions><granteeCapabilities>`+grantee+
				`<capabilities><capability name="Read" mode="Deny"/></capabilities></granteeCapabilities></permissions></tsRequest>`, 200)

			// Lists must not carry its id, name or views; a refusal of a
			// request that names it echoes the id sent, as for any missing
			// workbook, and nothing else of it.
			secret := regexp.MustCompile(regexp.QuoteMeta("Secret Sales") + "|" + wb + "|" + strings.Join(views, "|"))
			named := regexp.MustCompile(regexp.QuoteMeta("Secret Sales") + "|" + strings.Join(quoteAll(viewNames), "|"))
			const missing = "00000000-0000-0000-0000-00000000abcd"
			bodies := map[string][]byte{}
			send := func(method, path, body string) (int, []byte) {
				t.Helper()
				req, err := http.NewRequest(method, vera.base+path, strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("X-Tableau-Auth", vera.token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") || strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") {
					bodies[method+" "+path] = b
				}
				return resp.StatusCode, b
			}

			// Every route that names a workbook or a view.
			walked := 0
			for _, rt := range emulator.Routes() {
				p := rt.Pattern
				if !strings.HasPrefix(p, "sites/{site}/workbooks/") && !strings.HasPrefix(p, "sites/{site}/views/") {
					continue
				}
				path := fillWorkbookRoute(p, vera.site, wb, views[0], conn)
				status, answer := send(rt.Method, path, bodyFor(rt.Method, p, vera.user))
				walked++
				if status != http.StatusNotFound {
					t.Errorf("%s %s: status %d, want 404 (as for a missing workbook): %.300s", rt.Method, p, status, answer)
				}
				if named.Match(answer) {
					t.Errorf("%s %s: the answer names the workbook or its views: %.300s", rt.Method, p, answer)
				}
				// The same request for ids that do not exist gets the same
				// answer, but for the ids.
				gone := fillWorkbookRoute(p, vera.site, missing, missing, conn)
				st2, answer2 := send(rt.Method, gone, bodyFor(rt.Method, p, vera.user))
				norm := func(b []byte) string {
					return strings.NewReplacer(wb, "ID", views[0], "ID", missing, "ID").Replace(string(b))
				}
				if st2 != status || norm(answer2) != norm(answer) {
					t.Errorf("%s %s: the answer differs from a missing workbook's:\n%s\n%s", rt.Method, p, answer, answer2)
				}
			}
			if walked < 25 {
				t.Errorf("walked %d workbook and view routes; is the routing table complete?", walked)
			}

			// Lists and their totals leave it out.
			for _, l := range []struct {
				path  string
				total string
			}{
				{"workbooks", "1"},
				{"workbooks?filter=name:eq:Secret%20Sales", "0"},
				{"views", "3"},
				{"views?filter=name:eq:" + strings.ReplaceAll(viewNames[0], " ", "%20"), "1"},
				{"users/" + vera.user + "/workbooks", "1"},
			} {
				status, answer := send("GET", vera.sitePath(l.path), "")
				if status != 200 {
					t.Fatalf("GET %s: %d %s", l.path, status, answer)
				}
				if secret.Match(answer) {
					t.Errorf("GET %s shows the workbook or its views: %.400s", l.path, answer)
				}
				if got := attrOf(t, answer, "pagination", "totalAvailable"); got != l.total {
					t.Errorf("GET %s: totalAvailable %s, want %s (the other workbook's)", l.path, got, l.total)
				}
			}
			// The other workbook stays in reach.
			vera.xml("", "GET", vera.sitePath("workbooks/"+visible), "", 200)
			xsdcheck.ValidateAll(t, bodies)
		})
	}
}

// fillWorkbookRoute writes the ids of a workbook route.
func fillWorkbookRoute(pattern, site, wb, view, conn string) string {
	r := strings.NewReplacer("{site}", site, "workbooks/{id}", "workbooks/"+wb, "workbooks/{wb}", "workbooks/"+wb,
		"views/{id}", "views/"+view, "{conn}", conn, "{rev}", "1", "{tag}", "q3", "{grantees}", "groups",
		"{grantee}", "00000000-0000-0000-0000-000000000000", "{cap}", "Read", "{mode}", "Allow")
	return "sites/" + strings.TrimPrefix(r.Replace(pattern), "sites/")
}

// bodyFor is a well-formed body for each write route of a workbook or
// view, so that a refusal is about access, not the body.
func bodyFor(method, pattern, user string) string {
	if method != http.MethodPut && method != http.MethodPost {
		return ""
	}
	switch {
	case strings.HasSuffix(pattern, "/tags"):
		return `<tsRequest><tags><tag label="x"/></tags></tsRequest>`
	case strings.HasSuffix(pattern, "/permissions"):
		return `<tsRequest><permissions><granteeCapabilities><user id="` + user + `"/><capabilities><capability name="Read" mode="Allow"/></capabilities></granteeCapabilities></permissions></tsRequest>`
	case strings.Contains(pattern, "/connections/"):
		return `<tsRequest><connection userName="x"/></tsRequest>`
	case strings.HasSuffix(pattern, "/refresh"):
		return `<tsRequest/>`
	}
	return `<tsRequest><workbook name="Mine now"/></tsRequest>`
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = regexp.QuoteMeta(n)
	}
	return out
}
