"""Workbooks: publish (all modes, as a job), read, populate_*, download, update, tags, connections, refresh, delete."""
import os
import zipfile
from compat import *

s = signed_in("compat")
pid = INPUT["project_id"]
twbx = os.path.join(TESTDATA, "workbooks", "Sales.twbx")
twb = os.path.join(TESTDATA, "workbooks", "Sales.twb")


def magic(path_or_bytes, n=4):
    if isinstance(path_or_bytes, (bytes, bytearray)):
        return path_or_bytes[:n].hex()
    with open(path_or_bytes, "rb") as f:
        return f.read(n).hex()


PNG, PDF, ZIP = "89504e47", "25504446", "504b0304"

wb = s.workbooks.publish(TSC.WorkbookItem(pid, name="Sales", show_tabs=True), twbx, TSC.Server.PublishMode.CreateNew)
check("workbooks.publish(CreateNew, .twbx)", [wb.name, wb.project_id, wb.show_tabs, wb.content_url, bool(wb.id)],
      ["Sales", pid, True, "Sales", True])
check_error("workbooks.publish(CreateNew, name taken)",
            lambda: s.workbooks.publish(TSC.WorkbookItem(pid, name="Sales"), twbx, "CreateNew"), "409004")
again = s.workbooks.publish(TSC.WorkbookItem(pid, name="Sales"), twbx, TSC.Server.PublishMode.Overwrite)
check("workbooks.publish(Overwrite)", again.id, wb.id)
job = s.workbooks.publish(TSC.WorkbookItem(pid, name="Sales Plain"), twb, "CreateNew", as_job=True)
job = s.jobs.wait_for_job(job, timeout=60)
check("workbooks.publish(as_job) + jobs.wait_for_job", [job.type, job.finish_code], ["PublishWorkbook", 0])

check("Pager(workbooks)", sorted_names(TSC.Pager(s.workbooks)), ["Alice Book", "Sales", "Sales Plain"])
opts = TSC.RequestOptions()
opts.filter.add(TSC.Filter(TSC.RequestOptions.Field.ProjectName, TSC.RequestOptions.Operator.Equals, "Marketing"))
opts.sort.add(TSC.Sort(TSC.RequestOptions.Field.Name, TSC.RequestOptions.Direction.Desc))
items, pagination = s.workbooks.get(opts)
check("workbooks.get(filter projectName, sort name desc)", [names(items), pagination.total_available],
      [["Sales Plain", "Sales", "Alice Book"], 3])
check("workbooks.filter(name__in)", sorted_names(s.workbooks.filter(name__in=["Sales", "Nope"])), ["Sales"])

got = s.workbooks.get_by_id(wb.id)
check("workbooks.get_by_id", [got.name, got.project_name, got.owner_id, got.show_tabs],
      ["Sales", "Marketing", INPUT["admin_id"], True])
s.workbooks.populate_views(got)
check("workbooks.populate_views", names(got.views), ["Sales by Region", "Profit vs Target", "Sales Overview"])
s.workbooks.populate_views(got, usage=True)
check("workbooks.populate_views(usage)", [v.total_views for v in got.views], [0, 0, 0])
s.workbooks.populate_connections(got)
check("workbooks.populate_connections", sorted(c.connection_type for c in got.connections), ["excel-direct", "postgres"])
s.workbooks.populate_preview_image(got)
check("workbooks.populate_preview_image", magic(got.preview_image), PNG)
s.workbooks.populate_pdf(got)
check("workbooks.populate_pdf", magic(got.pdf), PDF)
s.workbooks.populate_powerpoint(got)
check("workbooks.populate_powerpoint", magic(got.powerpoint), ZIP)
s.workbooks.populate_revisions(got)
check("workbooks.populate_revisions", [r.revision_number for r in got.revisions], ["1", "2"])

path = s.workbooks.download(wb.id, filepath=WORKDIR)
check("workbooks.download", [os.path.basename(path), magic(path)], ["Sales.twbx", ZIP])
verify("downloaded .twbx holds the .twb", any(n.endswith(".twb") for n in zipfile.ZipFile(path).namelist()), True)
path = s.workbooks.download(wb.id, filepath=os.path.join(WORKDIR, "noextract"), include_extract=False)
check("workbooks.download(include_extract=False)", magic(path), ZIP)
path = s.workbooks.download_revision(wb.id, "1", filepath=os.path.join(WORKDIR, "rev1"))
check("workbooks.download_revision", magic(path), ZIP)
s.workbooks.delete_revision(wb.id, "1")
s.workbooks.populate_revisions(got)
check("workbooks.delete_revision", [[r.revision_number, r.deleted, r.current] for r in got.revisions],
      [["1", True, False], ["2", False, True]])

got.tags = {"quarterly", "sales"}
got.show_tabs = False
got.description = "Sales by region"
upd = s.workbooks.update(got)
check("workbooks.update", [sorted(upd.tags), upd.show_tabs, upd.description], [["quarterly", "sales"], False, "Sales by region"])
check("workbooks.add_tags", sorted(s.workbooks.add_tags(wb.id, ["east", "west"])), ["east", "quarterly", "sales", "west"])
s.workbooks.delete_tags(wb.id, "east")
check("workbooks.delete_tags", sorted(s.workbooks.get_by_id(wb.id).tags), ["quarterly", "sales", "west"])
tagged = TSC.RequestOptions()
tagged.filter.add(TSC.Filter(TSC.RequestOptions.Field.Tags, TSC.RequestOptions.Operator.In, ["west", "none"]))
check("workbooks.get(filter tags in)", names(s.workbooks.get(tagged)[0]), ["Sales"])

conn = [c for c in got.connections if c.connection_type == "postgres"][0]
conn.server_address = "db.example.com"
conn.server_port = "5433"
conn.username = "reader"
conn.password = "secret"
conn.embed_password = True
uc = s.workbooks.update_connection(got, conn)
check("workbooks.update_connection", [uc.server_address, uc.server_port, uc.username, uc.embed_password],
      ["db.example.com", "5433", "reader", True])

job = s.workbooks.refresh(wb.id)
check("workbooks.refresh", [job.type, bool(job.id)], ["RefreshExtract", True])
job = s.jobs.wait_for_job(job.id, timeout=60)
check("jobs.wait_for_job(refresh)", [job.finish_code, job.progress], [0, "100"])

plain = [w for w in TSC.Pager(s.workbooks) if w.name == "Sales Plain"][0]
s.workbooks.delete(plain.id)
check_error("workbooks.get_by_id(deleted)", lambda: s.workbooks.get_by_id(plain.id), "404006")
out("workbook_id", wb.id)
done()
