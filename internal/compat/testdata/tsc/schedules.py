"""Schedules and tasks: create (every frequency), get, update, delete, add_to_schedule, extract refresh tasks: get, run, delete."""
from datetime import time
from compat import *

s = signed_in("compat")

hourly = s.schedules.create(TSC.ScheduleItem("Hourly", 50, TSC.ScheduleItem.Type.Extract, TSC.ScheduleItem.ExecutionOrder.Parallel,
                                             TSC.HourlyInterval(time(2, 30), time(23, 0), 8)))
check("schedules.create(HourlyInterval)",
      [hourly.name, hourly.schedule_type, hourly.priority, hourly.state, hourly.execution_order, hourly.interval_item.interval,
       str(hourly.interval_item.start_time), str(hourly.interval_item.end_time), hourly.next_run_at is not None],
      ["Hourly", "Extract", 50, "Active", "Parallel", ("8",), "02:30:00", "23:00:00", True])
quarter = s.schedules.create(TSC.ScheduleItem("Quarter hours", 60, TSC.ScheduleItem.Type.Extract, TSC.ScheduleItem.ExecutionOrder.Serial,
                                              TSC.HourlyInterval(time(8, 0), time(18, 0), 0.25)))
check("schedules.create(HourlyInterval 0.25)", [quarter.execution_order, quarter.interval_item.interval], ["Serial", (0.25,)])
daily = s.schedules.create(TSC.ScheduleItem("Daily", 20, TSC.ScheduleItem.Type.Subscription, TSC.ScheduleItem.ExecutionOrder.Parallel,
                                            TSC.DailyInterval(time(4, 0))))
check("schedules.create(DailyInterval)", [daily.schedule_type, str(daily.interval_item.start_time)], ["Subscription", "04:00:00"])
weekly = s.schedules.create(TSC.ScheduleItem("Weekly", 80, TSC.ScheduleItem.Type.Extract, TSC.ScheduleItem.ExecutionOrder.Parallel,
                                             TSC.WeeklyInterval(time(9, 15), TSC.IntervalItem.Day.Monday, TSC.IntervalItem.Day.Friday)))
check("schedules.create(WeeklyInterval)", sorted(weekly.interval_item.interval), ["Friday", "Monday"])
monthly = s.schedules.create(TSC.ScheduleItem("Monthly", 30, TSC.ScheduleItem.Type.Flow, TSC.ScheduleItem.ExecutionOrder.Serial,
                                              TSC.MonthlyInterval(time(23, 0), "LastDay")))
check("schedules.create(MonthlyInterval LastDay)", [monthly.schedule_type, monthly.interval_item.interval], ["Flow", ("LastDay",)])
check_error("schedules.create(name taken)", lambda: s.schedules.create(
    TSC.ScheduleItem("Hourly", 50, TSC.ScheduleItem.Type.Extract, TSC.ScheduleItem.ExecutionOrder.Parallel, TSC.DailyInterval(time(1, 0)))), "409000")
bad = TSC.ScheduleItem("Bad", 50, TSC.ScheduleItem.Type.Extract, TSC.ScheduleItem.ExecutionOrder.Parallel, TSC.DailyInterval(time(1, 0)))
bad.priority = 500
check_error("schedules.create(priority 500)", lambda: s.schedules.create(bad), "400000")

all_schedules, pagination = s.schedules.get()
check("schedules.get", [sorted(x.name for x in all_schedules), pagination.total_available],
      [["Daily", "Hourly", "Monthly", "Quarter hours", "Weekly"], 5])
got = s.schedules.get_by_id(weekly.id)
check("schedules.get_by_id", [got.name, got.priority, got.schedule_type, sorted(got.interval_item.interval)],
      ["Weekly", 80, "Extract", ["Friday", "Monday"]])

weekly.priority = 90
weekly.state = TSC.ScheduleItem.State.Suspended
weekly.interval_item = TSC.WeeklyInterval(time(7, 0), TSC.IntervalItem.Day.Tuesday)
up = s.schedules.update(weekly)
check("schedules.update", [up.priority, up.state, str(up.interval_item.start_time), up.interval_item.interval],
      [90, "Suspended", "07:00:00", ("Tuesday",)])

# Content on a schedule.
res = s.schedules.add_to_schedule(hourly.id, workbook=s.workbooks.get_by_id(INPUT["workbook_id"]),
                                  datasource=s.datasources.get_by_id(INPUT["datasource_id"]))
check("schedules.add_to_schedule(workbook, datasource): no failures", res, [])
check_error("schedules.add_to_schedule(Subscription schedule)",
            lambda: s.schedules.add_to_schedule(daily.id, datasource=s.datasources.get_by_id(INPUT["datasource_id"])), "400000")

tasks, _ = s.tasks.get()
check("tasks.get", sorted([t.target.type, t.schedule_id] for t in tasks),
      [["datasource", hourly.id], ["workbook", hourly.id]])
wb_task = [t for t in tasks if t.target.type == "workbook"][0]
one = s.tasks.get_by_id(wb_task.id)
check("tasks.get_by_id", [one.id, one.target.id, one.task_type, one.priority, one.consecutive_failed_count, one.schedule_item.name],
      [wb_task.id, INPUT["workbook_id"], "extractRefresh", 50, 0, "Hourly"])

ran = s.tasks.run(one)
out("run_response", ran.decode() if isinstance(ran, bytes) else str(ran))
check("tasks.run", b"RefreshExtract" in ran, True)

s.tasks.delete(wb_task.id)
check_error("tasks.get_by_id(deleted)", lambda: s.tasks.get_by_id(wb_task.id), "404000")
check("tasks.get after delete", len(s.tasks.get()[0]), 1)

s.schedules.delete(monthly.id)
check_error("schedules.get_by_id(deleted)", lambda: s.schedules.get_by_id(monthly.id), "404000")
out("hourly_id", hourly.id)
done()
