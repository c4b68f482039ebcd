package tsctest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// A test starts a server with tsctest.NewServer(t) and a signed-in client
// with srv.MustClient(t); outside tests, Start and Client do the same.
func Example() {
	srv, err := tsctest.Start(tsctest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	ctx := context.Background()
	client, err := srv.Client(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer client.SignOut(ctx)

	if _, err := client.Projects.Create(ctx, tsc.Project{Name: "Finance", Description: "Budgets"}); err != nil {
		log.Fatal(err)
	}
	projects, page, err := client.Projects.List(ctx, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range projects {
		fmt.Println(p.Name)
	}
	fmt.Println("total:", page.TotalAvailable)
	// Output:
	// Default
	// Finance
	// total: 2
}
