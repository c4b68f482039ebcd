package tsc_test

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// signInToEmulator starts the emulator, as startEmulator does, with jobs
// that last 50 ms, and signs in to it; in real code the server and the
// token are yours.
func signInToEmulator(ctx context.Context) (*tsctest.Server, *tsc.Client) {
	srv, err := tsctest.Start(tsctest.Options{TokenName: "automation", TokenSecret: "s3cr3t-token-value", JobDuration: 50 * time.Millisecond})
	if err != nil {
		log.Fatal(err)
	}
	client, err := tsc.NewClient(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	if err := client.SignIn(ctx, tsc.PersonalAccessToken("automation", "s3cr3t-token-value", "")); err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// Publishing a packaged workbook, replacing the one of the same name. Files
// from 64 MB on go up in chunks, transparently; memory use does not grow
// with the file.
func ExampleWorkbooksService_PublishFile() {
	ctx := context.Background()
	srv, client := signInToEmulator(ctx) // a real server: tsc.NewClient(url), then client.SignIn
	defer srv.Close()
	defer client.SignOut(ctx)
	projects, _, err := client.Projects.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Default")}})
	if err != nil || len(projects) != 1 {
		log.Fatal("no default project: ", err)
	}

	wb, err := client.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales", Project: &tsc.Project{ID: projects[0].ID}},
		"testdata/workbooks/Sales.twbx", tsc.PublishOptions{
			Mode:        tsc.PublishOverwrite,
			Credentials: &tsc.ConnectionCredentials{Name: "reporting", Password: tsc.Secret(os.Getenv("DB_PASSWORD")), Embed: true},
			HiddenViews: []string{"Profit vs Target"},
			Progress:    func(sent, total int64) { fmt.Fprintf(os.Stderr, "\r%d/%d bytes", sent, total) },
		})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("published", wb.Name, "into", wb.Project.Name)
	for _, v := range wb.Views.Views {
		fmt.Println("view:", v.Name)
	}
	// Output:
	// published Sales into Default
	// view: Sales by Region
	// view: Sales Overview
}

// Downloading a workbook into a directory: the file takes the server's name,
// made safe, and appears only once complete. Without its extract, a
// packaged workbook keeps its other files.
func ExampleWorkbooksService_DownloadTo() {
	ctx := context.Background()
	srv, client := signInToEmulator(ctx)
	defer srv.Close()
	wb, err := client.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales"}, "testdata/workbooks/Sales.twbx", tsc.PublishOptions{})
	if err != nil {
		log.Fatal(err)
	}
	backups, err := os.MkdirTemp("", "backups")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(backups)

	for range 2 {
		d, err := client.Workbooks.DownloadTo(ctx, wb.ID, backups, tsc.DownloadOptions{ExcludeExtract: true})
		switch {
		case errors.Is(err, fs.ErrExist):
			fmt.Println("already backed up")
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Println("saved", filepath.Base(d.Path))
			zr, err := zip.OpenReader(d.Path)
			if err != nil {
				log.Fatal(err)
			}
			for _, f := range zr.File {
				fmt.Println("  ", f.Name)
			}
			zr.Close()
		}
	}
	// Output:
	// saved Sales.twbx
	//    Sales.twb
	//    Data/Targets.xlsx
	// already backed up
}

// Refreshing an extract and waiting for the job, telling a failure (with the
// server's notes) from a cancellation.
func ExampleJobsService_Wait() {
	ctx := context.Background()
	srv, client := signInToEmulator(ctx)
	defer srv.Close()
	ds, err := client.Datasources.PublishFile(ctx, tsc.Datasource{Name: "Orders"}, "testdata/datasources/Orders.tdsx", tsc.PublishOptions{})
	if err != nil {
		log.Fatal(err)
	}
	// The emulator fails the second refresh, as a server whose database is
	// down would.
	refresh := func() {
		job, err := client.Datasources.Refresh(ctx, ds.ID)
		if err != nil {
			log.Fatal(err)
		}
		_, err = client.Jobs.Wait(ctx, job.ID, tsc.WaitOptions{MinInterval: 20 * time.Millisecond})
		var je *tsc.JobError
		switch {
		case errors.Is(err, tsc.ErrJobCancelled):
			fmt.Println("someone cancelled the refresh")
		case errors.As(err, &je):
			fmt.Println("refresh failed:", je.Notes)
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Println("refreshed")
		}
	}
	refresh()
	if err := srv.FailJobs(tsctest.JobFault{Type: "RefreshExtract", Notes: "could not reach the database"}); err != nil {
		log.Fatal(err)
	}
	refresh()
	// Output:
	// refreshed
	// refresh failed: [could not reach the database]
}
