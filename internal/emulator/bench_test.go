package emulator_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
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
