package tsctest_test

import (
	"fmt"
	"log"
	"net/http"
	"strings"

	"github.com/tsc-go/tsc/tsctest"
)

// Programs that are not Go (a Python test suite, a shell script) reset,
// seed and fault the server over HTTP, under /_emulator/, with the control
// token; without it, or from a web page (an Origin header), they are
// refused. Go code calls the methods (Reset, SeedUser, SetFaults...)
// instead.
func ExampleServer_controlToken() {
	srv, err := tsctest.Start(tsctest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	seed := func(token string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/_emulator/seed",
			strings.NewReader(`{"sites": [{"name": "Sales", "contentUrl": "sales"}]}`))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	fmt.Println("without the token:", seed(""))
	fmt.Println("with it:", seed(srv.ControlToken))
	// Output:
	// without the token: 401
	// with it: 200
}
