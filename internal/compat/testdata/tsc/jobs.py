"""Jobs: list, filter, get, wait for success and failure, cancel."""
from compat import *
from tableauserverclient.server.endpoint.exceptions import JobFailedException, JobCancelledException

s = signed_in("compat")
ok = s.workbooks.refresh(INPUT["workbook_id"])
check("workbooks.refresh", ok.type, "RefreshExtract")
done_job = s.jobs.wait_for_job(ok, timeout=60)
check("jobs.wait_for_job(success)", [done_job.id, done_job.finish_code, done_job.progress], [ok.id, 0, "100"])

# The Go test made the next refresh of this data source fail.
failing = s.datasources.refresh(INPUT["datasource_id"])
try:
    s.jobs.wait_for_job(failing, timeout=60)
    check("jobs.wait_for_job(failure)", "returned", "JobFailedException")
except JobFailedException as e:
    check("jobs.wait_for_job(failure)", [type(e).__name__, e.job.finish_code, e.job.notes], ["JobFailedException", 1, [INPUT["notes"]]])

job = s.jobs.get_by_id(failing.id)
check("jobs.get_by_id", [job.id, job.type, job.finish_code, job.datasource_id], [failing.id, "RefreshExtract", 1, INPUT["datasource_id"]])

jobs, pagination = s.jobs.get()
check("jobs.get", sorted(j.id for j in jobs), sorted([ok.id, failing.id]))
opts = TSC.RequestOptions()
opts.filter.add(TSC.Filter(TSC.RequestOptions.Field.Status, TSC.RequestOptions.Operator.Equals, "Failed"))
check("jobs.get(filter status eq Failed)", [j.id for j in s.jobs.get(opts)[0]], [failing.id])
check("jobs.filter(job_type)", len(list(s.jobs.filter(job_type="refresh_extracts"))), 2)

# A job still running when cancelled ends as Cancelled.
slow = s.workbooks.refresh(INPUT["workbook_id"])
s.jobs.cancel(slow.id)
try:
    s.jobs.wait_for_job(slow.id, timeout=60)
    check("jobs.cancel + wait_for_job", "returned", "JobCancelledException")
except JobCancelledException as e:
    check("jobs.cancel + wait_for_job", e.job.finish_code, 2)
done()
