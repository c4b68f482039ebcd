"""Extracts: create and delete the extracts of workbooks and data sources,
incremental refreshes, and encrypting, decrypting and reencrypting every
extract of a site."""
from compat import *

s = signed_in("compat")
wb = s.workbooks.get_by_id(INPUT["workbook_id"])
ds = s.datasources.get_by_id(INPUT["datasource_id"])
check("datasources.get_by_id has_extracts", [ds.has_extracts, ds.encrypt_extracts], [True, False])

job = s.workbooks.refresh(wb, incremental=True)
check("workbooks.refresh(incremental=True)", [job.type, job.workbook_id], ["RefreshExtract", wb.id])
check("jobs.wait_for_job(incremental refresh)", s.jobs.wait_for_job(job, timeout=60).finish_code, 0)
job = s.datasources.refresh(ds, incremental=True)
check("datasources.refresh(incremental=True)", [job.type, job.datasource_id], ["RefreshExtract", ds.id])
s.jobs.wait_for_job(job, timeout=60)

job = s.workbooks.delete_extract(wb)
check("workbooks.delete_extract", job.id is not None, True)
check("jobs.wait_for_job(delete_extract)", s.jobs.wait_for_job(job, timeout=60).finish_code, 0)
job = s.workbooks.create_extract(wb, encrypt=True)
check("workbooks.create_extract(encrypt=True)", job.id is not None, True)
s.jobs.wait_for_job(job, timeout=60)

check("datasources.delete_extract", s.datasources.delete_extract(ds), None)
# The deletion is a job on the server; TSC does not return it, so wait
# for the data source to report no extract.
import time
for _ in range(600):
    if not s.datasources.get_by_id(ds.id).has_extracts:
        break
    time.sleep(0.05)
check("datasources.get_by_id after delete_extract", s.datasources.get_by_id(ds.id).has_extracts, False)
job = s.datasources.create_extract(ds, encrypt=False)
s.jobs.wait_for_job(job, timeout=60)
check("datasources.create_extract", [s.datasources.get_by_id(ds.id).has_extracts, s.datasources.get_by_id(ds.id).encrypt_extracts], [True, False])

site = s.sites.get_by_id(s.site_id)
check("sites.get_by_id extract_encryption_mode", site.extract_encryption_mode, "enabled")
check("sites.encrypt_extracts", s.sites.encrypt_extracts(site.id), None)
check("sites.re_encrypt_extracts", s.sites.re_encrypt_extracts(site.id), None)
check("sites.decrypt_extracts", s.sites.decrypt_extracts(site.id), None)

# A site whose extract encryption is disabled refuses to encrypt.
site.extract_encryption_mode = "disabled"
s.sites.update(site)
try:
    s.sites.encrypt_extracts(site.id)
    check("sites.encrypt_extracts on a disabled site", "accepted", "400000")
except TSC.ServerResponseError as e:
    check("sites.encrypt_extracts on a disabled site", e.code, "400000")
done()
