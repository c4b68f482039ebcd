package tsc_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"

	"github.com/tsc-go/tsc"
)

// Publishing a packaged workbook, replacing the one of the same name. Files
// from 64 MB on go up in chunks, transparently; memory use does not grow
// with the file.
func ExampleWorkbooksService_PublishFile() {
	ctx := context.Background()
	client, err := tsc.NewClient("https://tableau.example.com")
	if err != nil {
		log.Fatal(err)
	}
	if err := client.SignIn(ctx, tsc.PersonalAccessToken("automation", os.Getenv("TABLEAU_PAT"), "marketing")); err != nil {
		log.Fatal(err)
	}
	defer client.SignOut(ctx)

	wb, err := client.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales", Project: &tsc.Project{ID: "ee8c6e70-43b6-11e6-af4f-f7b0d8e20760"}},
		"Sales.twbx", tsc.PublishOptions{
			Mode:        tsc.PublishOverwrite,
			Credentials: &tsc.ConnectionCredentials{Name: "reporting", Password: tsc.Secret(os.Getenv("DB_PASSWORD")), Embed: true},
			HiddenViews: []string{"Scratch"},
			Progress:    func(sent, total int64) { fmt.Fprintf(os.Stderr, "\r%d/%d bytes", sent, total) },
		})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("published", wb.ID)
}

// Downloading a workbook into a directory: the file takes the server's name,
// made safe, and appears only once complete.
func ExampleWorkbooksService_DownloadTo() {
	ctx := context.Background()
	client, _ := tsc.NewClient("https://tableau.example.com")
	// ... sign in ...
	d, err := client.Workbooks.DownloadTo(ctx, "3cc6cd06-89ce-4fdc-b935-5294135d6d42", "backups", tsc.DownloadOptions{ExcludeExtract: true})
	switch {
	case errors.Is(err, fs.ErrExist):
		fmt.Println("already backed up")
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println("saved", d.Path, d.Size, "bytes")
	}
}

// Refreshing an extract and waiting for the job, telling a failure (with the
// server's notes) from a cancellation.
func ExampleJobsService_Wait() {
	ctx := context.Background()
	client, _ := tsc.NewClient("https://tableau.example.com")
	// ... sign in ...
	job, err := client.Datasources.Refresh(ctx, "9dbd2263-16b5-46e1-9c43-a76bb8ab65fb")
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Jobs.Wait(ctx, job.ID, tsc.WaitOptions{})
	var je *tsc.JobError
	switch {
	case errors.Is(err, tsc.ErrJobCancelled):
		fmt.Println("someone cancelled the refresh")
	case errors.As(err, &je):
		fmt.Println("refresh failed:", je.Notes)
	case err != nil:
		log.Fatal(err)
	}
}
