package tsc_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"

	"github.com/tsc-go/tsc"
)

// A webhook that tells a receiver about new workbooks. The emulator really
// POSTs Tableau's JSON payload to the destination (here a local test
// receiver: loopback is what the emulator allows by default), and its
// delivery log shows each delivery's outcome.
func ExampleWebhooksService_Create() {
	got := make(chan string, 1)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- string(b)
	}))
	defer receiver.Close()
	srv := startEmulator()
	defer srv.Close()
	ctx := context.Background()
	client, err := srv.Client(ctx)
	if err != nil {
		log.Fatal(err)
	}

	hook, err := client.Webhooks.Create(ctx, tsc.NewWebhook("New workbooks", "WorkbookCreated", receiver.URL+"/tableau"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(hook.Name, hook.Event, *hook.IsEnabled)

	if _, err := client.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales"}, filepath.Join("testdata", "workbooks", "Sales.twbx"), tsc.PublishOptions{}); err != nil {
		log.Fatal(err)
	}
	deliveries, err := srv.WebhookDeliveries() // makes the deliveries due by now
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(deliveries[0].Event, deliveries[0].State, deliveries[0].Attempts)
	payload := <-got
	fmt.Println(payload[:62])
	// Output:
	// New workbooks WorkbookCreated true
	// WorkbookCreated delivered 1
	// {"resource":"WORKBOOK","event_type":"WorkbookCreated","resourc
}
