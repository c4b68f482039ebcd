"""Data sources: publish, read, connections, update, certify, download, revisions, refresh, tags, delete."""
import os
from compat import *

s = signed_in("compat")
pid = INPUT["project_id"]
ZIP = "504b0304"


def magic(path):
    with open(path, "rb") as f:
        return f.read(4).hex()


tdsx = os.path.join(TESTDATA, "datasources", "Orders.tdsx")
hyper = os.path.join(TESTDATA, "datasources", "Orders.hyper")
ds = s.datasources.publish(TSC.DatasourceItem(pid, name="Orders"), tdsx, TSC.Server.PublishMode.CreateNew)
check("datasources.publish(.tdsx)", [ds.name, ds.project_id, ds.datasource_type, bool(ds.id)], ["Orders", pid, "postgres", True])
ex = s.datasources.publish(TSC.DatasourceItem(pid, name="Orders Extract"), hyper, "CreateNew")
check("datasources.publish(.hyper)", [ex.name, ex.has_extracts], ["Orders Extract", True])
check_error("datasources.publish(CreateNew, name taken)",
            lambda: s.datasources.publish(TSC.DatasourceItem(pid, name="Orders"), tdsx, "CreateNew"), "409004")
again = s.datasources.publish(TSC.DatasourceItem(pid, name="Orders"), tdsx, TSC.Server.PublishMode.Overwrite)
check("datasources.publish(Overwrite)", again.id, ds.id)
job = s.datasources.publish(TSC.DatasourceItem(pid, name="Orders Job"), tdsx, "CreateNew", as_job=True)
check("datasources.publish(as_job) + jobs.wait_for_job", s.jobs.wait_for_job(job, timeout=60).finish_code, 0)

check("Pager(datasources)", sorted_names(TSC.Pager(s.datasources)), ["Orders", "Orders Extract", "Orders Job"])
opts = TSC.RequestOptions()
opts.filter.add(TSC.Filter(TSC.RequestOptions.Field.Name, TSC.RequestOptions.Operator.In, ["Orders", "Orders Job"]))
opts.sort.add(TSC.Sort(TSC.RequestOptions.Field.Name, TSC.RequestOptions.Direction.Desc))
check("datasources.get(filter name in, sort desc)", names(s.datasources.get(opts)[0]), ["Orders Job", "Orders"])
check("datasources.filter(project_name)", len(list(s.datasources.filter(project_name="Marketing"))), 3)

got = s.datasources.get_by_id(ds.id)
check("datasources.get_by_id", [got.name, got.project_name, got.owner_id], ["Orders", "Marketing", INPUT["admin_id"]])
s.datasources.populate_connections(got)
check("datasources.populate_connections", [c.connection_type for c in got.connections], ["postgres"])
conn = got.connections[0]
conn.server_address = "warehouse.example.com"
conn.username = "etl"
uc = s.datasources.update_connection(got, conn)
check("datasources.update_connection", [uc.server_address, uc.username], ["warehouse.example.com", "etl"])

got.certified = True
got.certification_note = "Checked by finance"
got.description = "All orders"
upd = s.datasources.update(got)
check("datasources.update(certify)", [upd.certified, upd.certification_note, upd.description],
      [True, "Checked by finance", "All orders"])

path = s.datasources.download(ds.id, filepath=WORKDIR)
check("datasources.download", [os.path.basename(path), magic(path)], ["Orders.tdsx", ZIP])
path = s.datasources.download(ex.id, filepath=os.path.join(WORKDIR, "noextract"), include_extract=False)
check("datasources.download(include_extract=False)", os.path.exists(path), True)
s.datasources.populate_revisions(got)
check("datasources.populate_revisions", [r.revision_number for r in got.revisions], ["1", "2"])
path = s.datasources.download_revision(ds.id, "1", filepath=os.path.join(WORKDIR, "rev1"))
check("datasources.download_revision", magic(path), ZIP)
s.datasources.delete_revision(ds.id, "1")
s.datasources.populate_revisions(got)
check("datasources.delete_revision", [[r.revision_number, r.deleted] for r in got.revisions], [["1", True], ["2", False]])

check("datasources.add_tags", sorted(s.datasources.add_tags(ds, ["gold", "orders"])), ["gold", "orders"])
s.datasources.delete_tags(ds, "orders")
check("datasources.delete_tags", sorted(s.datasources.get_by_id(ds.id).tags), ["gold"])

job = s.datasources.refresh(ex)
check("datasources.refresh", job.type, "RefreshExtract")
check("jobs.wait_for_job(datasource refresh)", s.jobs.wait_for_job(job, timeout=60).finish_code, 0)

s.datasources.delete(ds.id)
check_error("datasources.get_by_id(deleted)", lambda: s.datasources.get_by_id(ds.id), "404004")
out("extract_id", ex.id)
done()
