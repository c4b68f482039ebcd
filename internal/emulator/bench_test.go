package emulator_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator"
)

// BenchmarkListUsers lists one sorted, filtered page of a site's users for
// sites of different sizes: with filters, sorting and paging in SQL over
// indexes, the page costs about the same whatever the site's size.
func BenchmarkListUsers(b *testing.B) {
	for _, n := range []int{100, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			emu, err := emulator.New(emulator.Config{})
			if err != nil {
				b.Fatal(err)
			}
			defer emu.Close()
			ctx := b.Context()
			if err := emu.Bootstrap(ctx, emulator.Admin{Name: "admin", Password: "pw"}); err != nil {
				b.Fatal(err)
			}
			names := make([]string, n)
			for i := range names {
				names[i] = fmt.Sprintf("user%07d", i)
			}
			if err := emu.SeedUsers(ctx, "", names, tsc.SiteRoleViewer); err != nil {
				b.Fatal(err)
			}
			token, siteID, _, err := emu.NewSession(ctx, "", "admin")
			if err != nil {
				b.Fatal(err)
			}
			ts := httptest.NewServer(emu)
			defer ts.Close()
			for _, q := range []string{"filter=name:eq:user0000042", "pageSize=100&pageNumber=1&sort=name:desc"} {
				b.Run(q, func(b *testing.B) {
					req, _ := http.NewRequest("GET", ts.URL+"/api/3.29/sites/"+siteID+"/users?"+q, nil)
					req.Header.Set("X-Tableau-Auth", token)
					for b.Loop() {
						resp, err := http.DefaultClient.Do(req)
						if err != nil || resp.StatusCode != 200 {
							b.Fatalf("%v %v", resp, err)
						}
						resp.Body.Close()
					}
				})
			}
		})
	}
}

// BenchmarkListWorkbooksPermissions lists the first page of 20,000
// workbooks as an administrator (no permission filter) and as Explorers,
// whose lists the emulator narrows in SQL to what they may Read: one who
// reads every workbook through the All Users group's rules, and one who
// reads half (the other 10,000 are in a project whose workbook defaults
// give All Users nothing). Issue 14's goal: a non-administrator's first
// page costs at most twice an administrator's.
func BenchmarkListWorkbooksPermissions(b *testing.B) {
	emu, err := emulator.New(emulator.Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	ctx := b.Context()
	if err := emu.Bootstrap(ctx, emulator.Admin{Name: "admin", Password: "pw"}); err != nil {
		b.Fatal(err)
	}
	if _, err := emu.SeedUser(ctx, "", "explorer", tsc.SiteRoleExplorer, ""); err != nil {
		b.Fatal(err)
	}
	closed, err := emu.SeedProject(ctx, "", "Closed", "", "")
	if err != nil {
		b.Fatal(err)
	}
	admin, siteID, _, err := emu.NewSession(ctx, "", "admin")
	if err != nil {
		b.Fatal(err)
	}
	explorer, _, _, err := emu.NewSession(ctx, "", "explorer")
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(emu)
	defer ts.Close()
	call := func(token, method, path string) (*http.Response, []byte) {
		req, _ := http.NewRequest(method, ts.URL+"/api/3.29/sites/"+siteID+"/"+path, nil)
		req.Header.Set("X-Tableau-Auth", token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	// Owners rotate among the site's users: with 1,000 of them the
	// explorer owns a handful of workbooks, as on a real site.
	if err := emu.SeedBulkUsers(ctx, "", 1_000); err != nil {
		b.Fatal(err)
	}
	if err := emu.SeedBulkWorkbooks(ctx, "", "", 10_000, 1, 0); err != nil {
		b.Fatal(err)
	}
	// Closed's workbooks take no Read for All Users.
	_, body := call(admin, "GET", "groups?filter=name:eq:All%20Users")
	m := regexp.MustCompile(`<group id="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		b.Fatalf("no All Users group in %s", body)
	}
	if resp, body := call(admin, "DELETE", "projects/"+closed.ID+"/default-permissions/workbooks/groups/"+string(m[1])+"/Read/Allow"); resp.StatusCode != 204 {
		b.Fatalf("removing All Users' Read: %d %s", resp.StatusCode, body)
	}
	if err := emu.SeedBulkWorkbooks(ctx, "", closed.ID, 10_000, 1, 0); err != nil {
		b.Fatal(err)
	}
	for _, who := range []struct{ name, token string }{{"admin", admin}, {"explorer", explorer}} {
		for _, q := range []string{"pageSize=100", "pageSize=100&filter=projectName:eq:Closed"} {
			b.Run(who.name+"/"+q, func(b *testing.B) {
				for b.Loop() {
					if resp, _ := call(who.token, "GET", "workbooks?"+q); resp.StatusCode != 200 {
						b.Fatalf("status %d", resp.StatusCode)
					}
				}
			})
		}
	}
}
