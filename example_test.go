package tsc_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// startEmulator stands in for a real Tableau Server so the examples run; in
// real code the URL and credentials are yours.
func startEmulator() *tsctest.Server {
	srv, err := tsctest.Start(tsctest.Options{TokenName: "automation", TokenSecret: "s3cr3t-token-value"})
	if err != nil {
		log.Fatal(err)
	}
	return srv
}

// Signing in with a personal access token. The client negotiates the REST
// API version with the server first, and SignOut ends the session.
func ExampleClient_SignIn() {
	srv := startEmulator()
	defer srv.Close()
	ctx := context.Background()

	client, err := tsc.NewClient(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	if err := client.SignIn(ctx, tsc.PersonalAccessToken("automation", "s3cr3t-token-value", "")); err != nil {
		log.Fatal(err)
	}
	defer client.SignOut(ctx)

	s := client.Session()
	fmt.Println("REST API", client.Version())
	fmt.Println("signed in:", client.SignedIn(), "token printed as", s.Token)
	// Output:
	// REST API 3.29
	// signed in: true token printed as [REDACTED]
}

// Listing with filters and sorting. All walks every page lazily; List would
// return one page and its Pagination.
func ExampleUsersService_All() {
	srv := startEmulator()
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"carol", "alice", "bob", "dave"} {
		role := tsc.SiteRoleViewer
		if name == "dave" {
			role = tsc.SiteRoleCreator
		}
		if _, err := srv.SeedUser("", name, role); err != nil {
			log.Fatal(err)
		}
	}
	client, err := srv.Client(ctx)
	if err != nil {
		log.Fatal(err)
	}

	opts := tsc.ListOptions{
		PageSize: 2, // small pages, to show All crossing page boundaries
		Filters:  []tsc.Filter{tsc.Eq("siteRole", "Viewer")},
		Sort:     []tsc.Sort{tsc.Asc("name")},
	}
	for u, err := range client.Users.All(ctx, opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.Name, u.SiteRole)
	}
	// Output:
	// alice Viewer
	// bob Viewer
	// carol Viewer
}

// Handling errors: server errors are *tsc.ServerError values that match the
// error classes with errors.Is, and carry Tableau's code, summary and detail.
// Bad input is refused before any request is sent.
func ExampleServerError() {
	srv := startEmulator()
	defer srv.Close()
	ctx := context.Background()
	client, err := srv.Client(ctx)
	if err != nil {
		log.Fatal(err)
	}

	_, err = client.Users.Get(ctx, "00000000-0000-0000-0000-000000000000")
	var se *tsc.ServerError
	if errors.Is(err, tsc.ErrNotFound) && errors.As(err, &se) {
		fmt.Println("not found:", se.HTTPStatus, se.Code)
	}

	_, err = client.Projects.Create(ctx, tsc.Project{Name: "Default"})
	fmt.Println("conflict:", errors.Is(err, tsc.ErrConflict))

	_, _, err = client.Users.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "a,b")}})
	fmt.Println(err)
	// Output:
	// not found: 404 404002
	// conflict: true
	// tsc: filter value "a,b" for name cannot be expressed in the REST API (it contains ',' or '&')
}

// Fetching each group's members with overlapping calls instead of one after
// the other: results come back in the groups' order.
func ExampleMap() {
	srv := startEmulator()
	defer srv.Close()
	ctx := context.Background()
	for _, g := range []string{"Analysts", "Finance"} {
		if _, err := srv.SeedGroup("", g); err != nil {
			log.Fatal(err)
		}
	}
	client, err := srv.Client(ctx)
	if err != nil {
		log.Fatal(err)
	}

	members := func(ctx context.Context, g tsc.Group) (int, error) {
		users, _, err := client.Groups.Users(ctx, g.ID, tsc.ListOptions{})
		return len(users), err
	}
	groups := client.Groups.All(ctx, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}})
	for r, err := range tsc.Map(ctx, groups, members, tsc.MapOptions{Concurrency: 4}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Item.Name, r.Value)
	}
	// Output:
	// All Users 1
	// Analysts 0
	// Finance 0
}
