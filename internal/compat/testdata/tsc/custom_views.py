"""Custom views (made by the Go test's seed helper): get, filter,
get_by_id, populate_image, populate_pdf, populate_csv, update, download
(to a path and to a file object), publish (from a path and from a file
object), delete."""
import io
import json
import os

from compat import *

s = signed_in("compat")
cvs, pagination = s.custom_views.get()
check("custom_views.get", [sorted(cv.name for cv in cvs), pagination.total_available], [["Alice shared", "West only"], 2])
west = [cv for cv in cvs if cv.name == "West only"][0]
check("custom_views.get fields", [west.view.id, west.workbook.id, west.owner.id, west.shared],
      [INPUT["view_id"], INPUT["workbook_id"], INPUT["admin_id"], False])
check("custom_views.filter owner_id", [cv.name for cv in s.custom_views.filter(owner_id=INPUT["alice_id"])], ["Alice shared"])
check("custom_views.filter view_id", len(list(s.custom_views.filter(view_id=INPUT["view_id"]))), 2)

got = s.custom_views.get_by_id(west.id)
check("custom_views.get_by_id", [got.name, got.view.name, got.workbook.name, got.owner.name, got.created_at is not None],
      ["West only", "Sales by Region", "Sales", USER, True])
check_error("custom_views.get_by_id(missing)", lambda: s.custom_views.get_by_id("00000000-0000-0000-0000-000000000000"), "404048")

s.custom_views.populate_image(got, TSC.ImageRequestOptions(imageresolution=TSC.ImageRequestOptions.Resolution.High))
check("custom_views.populate_image", got.image[:8] == b"\x89PNG\r\n\x1a\n", True)
s.custom_views.populate_pdf(got, TSC.PDFRequestOptions(page_type=TSC.PDFRequestOptions.PageType.A4))
check("custom_views.populate_pdf", got.pdf[:5] == b"%PDF-", True)
s.custom_views.populate_csv(got)
rows = b"".join(got.csv).decode().splitlines()
check("custom_views.populate_csv", [rows[0], sorted(set(r.split(",")[0] for r in rows[1:]))], ["Region,Category,Sales,Profit", ["West"]])

alice = s.users.get_by_id(INPUT["alice_id"])
got.name = "West"
got.owner = alice
up = s.custom_views.update(got)
check("custom_views.update", [up.name, up.owner.id], ["West", INPUT["alice_id"]])

path = os.path.join(WORKDIR, "west.json")
check("custom_views.download(path)", s.custom_views.download(up, path), path)
with open(path, "rb") as f:
    content = f.read()
doc = json.loads(content)
verify("downloaded file", [len(doc), [e["viewName"] for e in doc if e["isSourceView"]], sorted(doc[0].keys())],
       [3, ["Sales by Region"], ["isSourceView", "tcv", "viewName"]])
buf = io.BytesIO()
s.custom_views.download(up, buf)
check("custom_views.download(file object)", buf.getvalue() == content, True)

wb = s.workbooks.get_by_id(INPUT["workbook_id"])
item = TSC.CustomViewItem(name="Imported")
item.shared = True
item.owner = alice
item.workbook = wb
pub = s.custom_views.publish(item, path)
check("custom_views.publish(path)", [pub.name, pub.shared, pub.owner.id, pub.view.id], ["Imported", True, INPUT["alice_id"], INPUT["view_id"]])
item2 = TSC.CustomViewItem(name="From memory")
item2.shared = False
item2.owner = alice
item2.workbook = wb
pub2 = s.custom_views.publish(item2, io.BytesIO(content))
check("custom_views.publish(file object)", [pub2.name, pub2.shared], ["From memory", False])
bad = TSC.CustomViewItem(name="Bad")
bad.shared = False
bad.owner = alice
bad.workbook = wb
check_error("custom_views.publish(not a custom view)", lambda: s.custom_views.publish(bad, io.BytesIO(b'{"a": 1}')), "400011")

s.custom_views.delete(pub2.id)
check("custom_views.delete", sorted(cv.name for cv in s.custom_views.get()[0]), ["Alice shared", "Imported", "West"])
done()
