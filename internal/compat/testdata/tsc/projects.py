"""Projects: create (top level and nested), list, filter, sort, update, delete."""
from compat import *

s = signed_in("compat")
fin = s.projects.create(TSC.ProjectItem("Finance", "money", content_permissions="LockedToProject"))
check("projects.create", [fin.name, fin.description, fin.content_permissions, fin.parent_id],
      ["Finance", "money", "LockedToProject", None])
q1 = s.projects.create(TSC.ProjectItem("Q1", parent_id=fin.id))
check("projects.create(parent_id)", [q1.name, q1.parent_id, q1.content_permissions], ["Q1", fin.id, "ManagedByOwner"])
check_error("projects.create(duplicate)", lambda: s.projects.create(TSC.ProjectItem("Finance")), "409006")

check("Pager(projects)", sorted_names(TSC.Pager(s.projects)), ["Default", "Finance", "Marketing", "Q1"])
opts = TSC.RequestOptions()
opts.filter.add(TSC.Filter(TSC.RequestOptions.Field.Name, TSC.RequestOptions.Operator.Equals, "Finance"))
items, _ = s.projects.get(opts)
check("projects.get(filter name eq)", [p.id for p in items], [fin.id])
opts = TSC.RequestOptions()
opts.sort.add(TSC.Sort(TSC.RequestOptions.Field.Name, TSC.RequestOptions.Direction.Desc))
items, pagination = s.projects.get(opts)
check("projects.get(sort name desc)", [names(items), pagination.total_available], [["Q1", "Marketing", "Finance", "Default"], 4])
check("projects.filter(parent_project_id)", names(s.projects.filter(parent_project_id=fin.id)), ["Q1"])
check("projects.filter(name__in).order_by(name)", names(s.projects.filter(name__in=["Q1", "Marketing"]).order_by("name")), ["Marketing", "Q1"])

fin.name = "Finance 2026"
fin.description = "budget"
upd = s.projects.update(fin)
check("projects.update", [upd.id, upd.name, upd.description, upd.content_permissions], [fin.id, "Finance 2026", "budget", "LockedToProject"])
# TSC sends parentProjectId only when parent_id is set, so a script cannot
# move a project to the top level by setting None (a client limitation
# against any server); it moves it under another project instead.
archive = s.projects.create(TSC.ProjectItem("Archive"))
q1.parent_id = archive.id
check("projects.update(move)", s.projects.update(q1).parent_id, archive.id)
s.projects.delete(INPUT["marketing_id"])
check("projects.delete", sorted_names(TSC.Pager(s.projects)), ["Archive", "Default", "Finance 2026", "Q1"])
check_error("projects.delete(gone)", lambda: s.projects.delete(INPUT["marketing_id"]), "404005")
out("finance_id", fin.id)
out("q1_id", q1.id)
out("archive_id", archive.id)
done()
