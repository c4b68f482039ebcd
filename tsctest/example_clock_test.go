package tsctest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// Advance lets time pass on the server: every schedule occurrence that
// falls due runs, once, at its own time. Here a day of a schedule that
// refreshes a workbook every six hours.
func ExampleServer_Advance() {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	srv, err := tsctest.Start(tsctest.Options{Now: func() time.Time { return start }, SessionLifetime: 48 * time.Hour})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	client, err := srv.Client(ctx)
	if err != nil {
		log.Fatal(err)
	}
	wb, err := client.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales"}, "../testdata/workbooks/Sales.twbx", tsc.PublishOptions{})
	if err != nil {
		log.Fatal(err)
	}
	sched, err := client.Schedules.Create(ctx, tsc.Schedule{Name: "Every 6 hours", Type: tsc.ScheduleExtract, Frequency: tsc.FrequencyHourly,
		FrequencyDetails: &tsc.FrequencyDetails{Start: "00:00:00", End: "23:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "6"}}}}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Schedules.AddWorkbook(ctx, sched.ID, wb.ID); err != nil {
		log.Fatal(err)
	}

	// A day and a minute: the last refresh, at midnight, has had time to end.
	if err := srv.Advance(24*time.Hour + time.Minute); err != nil {
		log.Fatal(err)
	}
	for j, err := range client.Jobs.All(ctx, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("createdAt")}}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(j.JobType, j.Title, j.CreatedAt.Format("15:04"), j.Status)
	}
	// Output:
	// refresh_extracts Sales 06:00 Success
	// refresh_extracts Sales 12:00 Success
	// refresh_extracts Sales 18:00 Success
	// refresh_extracts Sales 00:00 Success
}
