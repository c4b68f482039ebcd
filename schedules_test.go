package tsc

import (
	"net/http"
	"testing"
	"time"
)

// TestSchedulesAndTasksDecode serves TSC's captured schedule and task
// answers and checks what the SDK reads from them and which paths it asks.
func TestSchedulesAndTasksDecode(t *testing.T) {
	ts := setup(t)
	ts.handle("GET /api/3.29/schedules", serveXML(200, reference(t, "schedule_get.xml")))
	ts.handle("GET /api/3.29/schedules/{id}", serveXML(200, reference(t, "schedule_get_monthly_id_2.xml")))
	ts.handle("DELETE /api/3.29/schedules/{id}", noContent)
	ts.handle("GET "+sitePrefix+"/schedules/{id}/extracts", serveXML(200, reference(t, "schedule_get_extract_refresh_tasks.xml")))
	ts.handle("GET "+sitePrefix+"/tasks/extractRefreshes", serveXML(200, reference(t, "tasks_with_workbook_and_datasource.xml")))
	ts.handle("GET "+sitePrefix+"/tasks/linked", serveXML(200, reference(t, "linked_tasks_get.xml")))
	ts.handle("POST "+sitePrefix+"/tasks/linked/{id}/runNow", serveXML(200, reference(t, "linked_tasks_run_now.xml")))
	ts.handle("POST "+sitePrefix+"/tasks/extractRefreshes", serveXML(200, reference(t, "tasks_create_extract_task.xml")))

	list, p, err := ts.client.Schedules.List(bg, ListOptions{})
	if err != nil || len(list) != 4 || p.TotalAvailable != 2 || list[1].Type != ScheduleSubscription || *list[3].Priority != 30 ||
		!list[0].NextRunAt.Equal(time.Date(2016, 9, 14, 11, 0, 0, 0, time.UTC)) {
		t.Fatalf("List = %+v, %+v, %v", list, p, err)
	}
	got, err := ts.client.Schedules.Get(bg, "8c5caf33-6223-4724-83c3-ccdc1e730a07")
	if err != nil || got.Name != "Monthly First Monday!" || got.ExecutionOrder != ScheduleParallel ||
		len(got.FrequencyDetails.List()) != 1 || got.FrequencyDetails.List()[0] != (Interval{WeekDay: "Monday", MonthDay: "First"}) {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	if err := ts.client.Schedules.Delete(bg, got.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.client.Schedules.Get(bg, ""); err == nil {
		t.Error("Get with no id sent a request")
	}
	ex, _, err := ts.client.Schedules.Extracts(bg, got.ID, ListOptions{})
	if err != nil || len(ex) != 2 || ex[0].Workbook.ID != "workbook-id" || ex[1].Datasource.ID != "datasource-id" || ex[1].Type != "IncrementalRefresh" {
		t.Fatalf("Extracts = %+v, %v", ex, err)
	}
	tasks, err := ts.client.Tasks.List(bg)
	if err != nil || len(tasks) != 3 || tasks[1].ExtractRefresh.Datasource.ID != "61334430-fb0c-43af-a5a3-8db3323644b6" ||
		tasks[0].ExtractRefresh.Schedule.Frequency != FrequencyDaily || *tasks[0].ExtractRefresh.ConsecutiveFailedCount != 0 {
		t.Fatalf("Tasks.List = %+v, %v", tasks, err)
	}
	linked, _, err := ts.client.Tasks.ListLinked(bg, ListOptions{})
	if err != nil || len(linked) != 1 || *linked[0].NumSteps != 1 || !*linked[0].Steps.Steps[0].StopDownstreamTasksOnFailure ||
		linked[0].Steps.Steps[0].Task.FlowRun == nil || *linked[0].Steps.Steps[0].Task.FlowRun.ConsecutiveFailedCount != 3 {
		t.Fatalf("ListLinked = %+v, %v", linked, err)
	}
	run, err := ts.client.Tasks.RunLinked(bg, linked[0].ID)
	if err != nil || run.Status != "InProgress" || run.LinkedTaskID != linked[0].ID {
		t.Fatalf("RunLinked = %+v, %v", run, err)
	}
	er, sch, err := ts.client.Tasks.CreateCloudExtractRefresh(bg, CloudExtractRefresh{WorkbookID: "workbook_id",
		Schedule: &Schedule{Frequency: FrequencyMonthly, FrequencyDetails: &FrequencyDetails{Start: "23:30:00", Intervals: &IntervalList{Intervals: []Interval{{MonthDay: "15"}}}}}})
	if err != nil || er.ID != "task_id" || er.Workbook.ID != "workbook_id" || sch == nil || sch.FrequencyDetails.List()[0].MonthDay != "15" {
		t.Fatalf("CreateCloudExtractRefresh = %+v %+v, %v", er, sch, err)
	}
	if _, _, err := ts.client.Tasks.CreateCloudExtractRefresh(bg, CloudExtractRefresh{WorkbookID: "a", DatasourceID: "b", Schedule: &Schedule{}}); err == nil {
		t.Error("a task for a workbook and a data source was sent")
	}
	_ = http.MethodGet
}
