"""Views: list, filter, sort, get, image/pdf/csv/excel/preview with their request options, tags, usage."""
import csv
import io
from compat import *

s = signed_in("compat")
PNG, PDF, ZIP = "89504e47", "25504446", "504b0304"

all_views = list(TSC.Pager(s.views))
check("Pager(views)", sorted_names(all_views), ["Profit vs Target", "Sales Overview", "Sales by Region"])
opts = TSC.RequestOptions()
opts.filter.add(TSC.Filter(TSC.RequestOptions.Field.Name, TSC.RequestOptions.Operator.Equals, "Sales Overview"))
items, pagination = s.views.get(opts)
check("views.get(filter name eq)", [names(items), pagination.total_available], [["Sales Overview"], 1])
opts = TSC.RequestOptions(pagesize=2)
opts.sort.add(TSC.Sort(TSC.RequestOptions.Field.Name, TSC.RequestOptions.Direction.Asc))
items, pagination = s.views.get(opts)
check("views.get(sort name asc, pagesize=2)", [names(items), pagination.total_available], [["Profit vs Target", "Sales by Region"], 3])
check("views.filter(workbook_id?)", names(s.views.filter(name="Profit vs Target")), ["Profit vs Target"])
items, _ = s.views.get(usage=True)
check("views.get(usage=True)", sorted(v.total_views for v in items), [0, 0, 0])

v = s.views.get_by_id(INPUT["view_id"])
check("views.get_by_id", [v.name, v.workbook_id, v.owner_id, v.project_id],
      ["Sales by Region", INPUT["workbook_id"], INPUT["admin_id"], INPUT["project_id"]])

s.views.populate_image(v)
check("views.populate_image", v.image[:4].hex(), PNG)
s.views.populate_image(v, TSC.ImageRequestOptions(imageresolution=TSC.ImageRequestOptions.Resolution.High, maxage=1))
check("views.populate_image(high resolution)", v.image[:4].hex(), PNG)
s.views.populate_pdf(v, TSC.PDFRequestOptions(page_type=TSC.PDFRequestOptions.PageType.A4,
                                              orientation=TSC.PDFRequestOptions.Orientation.Landscape))
check("views.populate_pdf(A4 landscape)", v.pdf[:4].hex(), PDF)
s.views.populate_csv(v)
rows = list(csv.reader(io.StringIO(b"".join(v.csv).decode("utf-8"))))
check("views.populate_csv", [len(rows) > 1, len(rows[0]) > 0], [True, True])
s.views.populate_excel(v)
check("views.populate_excel", b"".join(v.excel)[:4].hex(), ZIP)
s.views.populate_preview_image(v)
check("views.populate_preview_image", v.preview_image[:4].hex(), PNG)

check("views.add_tags", sorted(s.views.add_tags(v, ["kpi", "map"])), ["kpi", "map"])
s.views.delete_tags(v, "map")
check("views.delete_tags", sorted(s.views.get_by_id(v.id).tags), ["kpi"])
check_error("views.get_by_id(unknown)", lambda: s.views.get_by_id("00000000-0000-0000-0000-000000000000"), "404011")
done()
