"""Chunked publish. For data sources, TSC_FILESIZE_LIMIT_MB and TSC_CHUNK_SIZE_MB (set by the
Go test to 1) force fileUploads for a file of a few megabytes. Workbooks ignore
TSC_FILESIZE_LIMIT_MB: workbooks_endpoint.py compares with its own constant
FILESIZE_LIMIT (64 MB), a client inconsistency, so the Go test hands over a
workbook just above 64 MB (uploaded in 1 MB chunks per TSC_CHUNK_SIZE_MB)."""
import os
from compat import *

s = signed_in("compat")
pid = INPUT["project_id"]
wb = s.workbooks.publish(TSC.WorkbookItem(pid, name="Big Sales"), INPUT["big_twbx"], TSC.Server.PublishMode.CreateNew)
check("workbooks.publish(chunked)", [wb.name, wb.project_id], ["Big Sales", pid])
wb2 = s.workbooks.publish(TSC.WorkbookItem(pid, name="Big Sales"), INPUT["big_twbx"], TSC.Server.PublishMode.Overwrite)
check("workbooks.publish(chunked, Overwrite)", wb2.id, wb.id)
ds = s.datasources.publish(TSC.DatasourceItem(pid, name="Big Orders"), INPUT["big_tdsx"], TSC.Server.PublishMode.CreateNew)
check("datasources.publish(chunked)", [ds.name, ds.project_id], ["Big Orders", pid])
job = s.datasources.publish(TSC.DatasourceItem(pid, name="Big Orders Job"), INPUT["big_tdsx"], "CreateNew", as_job=True)
check("datasources.publish(chunked, as_job)", s.jobs.wait_for_job(job, timeout=60).finish_code, 0)
path = s.workbooks.download(wb.id, filepath=WORKDIR)
verify("downloaded size", os.path.getsize(path), os.path.getsize(INPUT["big_twbx"]))
out("workbook_id", wb.id)
out("datasource_id", ds.id)
done()
