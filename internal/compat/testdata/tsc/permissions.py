"""Permissions: populate, update and delete the rules of workbooks, views, data
sources and projects; a project's default permissions for every content type;
new content taking its project's defaults."""
import os
from compat import *

s = signed_in("compat")
Cap, Mode = TSC.Permission.Capability, TSC.Permission.Mode
sales = TSC.GroupItem.as_reference(INPUT["sales_id"])
bob = TSC.UserItem.as_reference(INPUT["bob_id"])


def caps_of(rules, grantee_id):
    """The capabilities a list of PermissionsRule gives one grantee."""
    out = {}
    for r in rules or []:
        if r.grantee.id == grantee_id:
            out.update(r.capabilities)
    return dict(sorted(out.items()))


def grantee_tags(rules):
    return sorted({r.grantee.tag_name for r in rules})


# Workbooks: update_permissions adds rules (PUT), delete_permission removes
# one capability per request (DELETE .../groups/{id}/{capability}/{mode}).
wb = s.workbooks.get_by_id(INPUT["workbook_id"])
s.workbooks.populate_permissions(wb)
check("workbooks.populate_permissions (before)", caps_of(wb.permissions, sales.id), {})
added = s.workbooks.update_permissions(wb, [
    TSC.PermissionsRule(sales, {Cap.Read: Mode.Allow, Cap.ExportImage: Mode.Allow, Cap.ExportData: Mode.Deny}),
    TSC.PermissionsRule(bob, {Cap.Read: Mode.Deny}),
])
check("workbooks.update_permissions", [caps_of(added, sales.id), caps_of(added, bob.id)],
      [{"ExportData": "Deny", "ExportImage": "Allow", "Read": "Allow"}, {"Read": "Deny"}])
s.workbooks.populate_permissions(wb)
check("workbooks.populate_permissions", [caps_of(wb.permissions, sales.id), caps_of(wb.permissions, bob.id)],
      [{"ExportData": "Deny", "ExportImage": "Allow", "Read": "Allow"}, {"Read": "Deny"}])
s.workbooks.delete_permission(wb, TSC.PermissionsRule(sales, {Cap.ExportData: Mode.Deny, Cap.ExportImage: Mode.Allow}))
s.workbooks.delete_permission(wb, TSC.PermissionsRule(bob, {Cap.Read: Mode.Deny}))
s.workbooks.populate_permissions(wb)
check("workbooks.delete_permission", [caps_of(wb.permissions, sales.id), caps_of(wb.permissions, bob.id)],
      [{"Read": "Allow"}, {}])

# Views: the same calls under /views/{id}/permissions (API 3.2+).
view = s.views.get_by_id(INPUT["view_id"])
s.views.populate_permissions(view)
before = caps_of(view.permissions, bob.id)
added = s.views.update_permissions(view, [TSC.PermissionsRule(bob, {Cap.Read: Mode.Allow, Cap.ExportData: Mode.Deny})])
check("views.update_permissions", caps_of(added, bob.id), {"ExportData": "Deny", "Read": "Allow"})
s.views.populate_permissions(view)
check("views.populate_permissions", [before, caps_of(view.permissions, bob.id), grantee_tags(view.permissions)[-1]],
      [{}, {"ExportData": "Deny", "Read": "Allow"}, "user"])
s.views.delete_permission(view, TSC.PermissionsRule(bob, {Cap.ExportData: Mode.Deny}))
s.views.populate_permissions(view)
check("views.delete_permission", caps_of(view.permissions, bob.id), {"Read": "Allow"})

# Data sources: update_permissions answers nothing in TSC; the rules show
# on the next populate.
ds = s.datasources.get_by_id(INPUT["datasource_id"])
s.datasources.update_permissions(ds, [TSC.PermissionsRule(sales, {Cap.Connect: Mode.Allow, Cap.Read: Mode.Allow, Cap.ExportXml: Mode.Deny})])
s.datasources.populate_permissions(ds)
check("datasources.update_permissions + populate_permissions", caps_of(ds.permissions, sales.id),
      {"Connect": "Allow", "ExportXml": "Deny", "Read": "Allow"})
s.datasources.delete_permission(ds, TSC.PermissionsRule(sales, {Cap.ExportXml: Mode.Deny}))
s.datasources.populate_permissions(ds)
check("datasources.delete_permission", caps_of(ds.permissions, sales.id), {"Connect": "Allow", "Read": "Allow"})

# Projects: their own rules, and default rules for each content type.
proj = [p for p in TSC.Pager(s.projects) if p.id == INPUT["marketing_id"]][0]
s.projects.populate_permissions(proj)
before = caps_of(proj.permissions, sales.id)
added = s.projects.update_permissions(proj, [TSC.PermissionsRule(sales, {Cap.Read: Mode.Allow, Cap.Write: Mode.Allow})])
check("projects.update_permissions", caps_of(added, sales.id), {"Read": "Allow", "Write": "Allow"})
s.projects.populate_permissions(proj)
check("projects.populate_permissions", [before, caps_of(proj.permissions, sales.id)], [{}, {"Read": "Allow", "Write": "Allow"}])
s.projects.delete_permission(proj, [TSC.PermissionsRule(sales, {Cap.Write: Mode.Allow})])
s.projects.populate_permissions(proj)
check("projects.delete_permission", caps_of(proj.permissions, sales.id), {"Read": "Allow"})

s.projects.populate_workbook_default_permissions(proj)
check("projects.populate_workbook_default_permissions (before)", caps_of(proj.default_workbook_permissions, sales.id), {})
added = s.projects.update_workbook_default_permissions(
    proj, [TSC.PermissionsRule(sales, {Cap.Read: Mode.Allow, Cap.Filter: Mode.Allow, Cap.ExportXml: Mode.Deny})])
check("projects.update_workbook_default_permissions", caps_of(added, sales.id),
      {"ExportXml": "Deny", "Filter": "Allow", "Read": "Allow"})
s.projects.delete_workbook_default_permissions(proj, TSC.PermissionsRule(sales, {Cap.ExportXml: Mode.Deny}))
s.projects.populate_workbook_default_permissions(proj)
check("projects.delete_workbook_default_permissions", caps_of(proj.default_workbook_permissions, sales.id),
      {"Filter": "Allow", "Read": "Allow"})

added = s.projects.update_datasource_default_permissions(
    proj, [TSC.PermissionsRule(sales, {Cap.Read: Mode.Allow, Cap.Connect: Mode.Allow, Cap.Write: Mode.Deny})])
check("projects.update_datasource_default_permissions", caps_of(added, sales.id),
      {"Connect": "Allow", "Read": "Allow", "Write": "Deny"})
s.projects.delete_datasource_default_permissions(proj, TSC.PermissionsRule(sales, {Cap.Write: Mode.Deny}))
s.projects.populate_datasource_default_permissions(proj)
check("projects.delete_datasource_default_permissions", caps_of(proj.default_datasource_permissions, sales.id),
      {"Connect": "Allow", "Read": "Allow"})

# The other content types' defaults: the same calls under their plural
# (flows, lenses, dataroles, metrics, virtualConnections, databases, tables).
for kind, caps in [
    ("flow", {Cap.Read: Mode.Allow, Cap.Execute: Mode.Deny}),
    ("lens", {Cap.Read: Mode.Allow}),
    ("datarole", {Cap.Read: Mode.Allow, Cap.Write: Mode.Deny}),
    ("metric", {Cap.Read: Mode.Allow}),
    ("virtualconnection", {Cap.Read: Mode.Allow, Cap.Connect: Mode.Allow}),
    ("database", {Cap.Read: Mode.Allow}),
    ("table", {Cap.Read: Mode.Deny}),
]:
    added = getattr(s.projects, "update_%s_default_permissions" % kind)(proj, [TSC.PermissionsRule(sales, caps)])
    check("projects.update_%s_default_permissions" % kind, caps_of(added, sales.id), dict(sorted(caps.items())))
    first = sorted(caps)[0]
    getattr(s.projects, "delete_%s_default_permissions" % kind)(proj, TSC.PermissionsRule(sales, {first: caps[first]}))
    getattr(s.projects, "populate_%s_default_permissions" % kind)(proj)
    left = {c: m for c, m in caps.items() if c != first}
    check("projects.delete_%s_default_permissions" % kind,
          caps_of(getattr(proj, "default_%s_permissions" % kind), sales.id), dict(sorted(left.items())))

# New content takes its project's default rules.
twbx = os.path.join(TESTDATA, "workbooks", "Sales.twbx")
fresh = s.workbooks.publish(TSC.WorkbookItem(proj.id, name="Fresh"), twbx, "CreateNew")
s.workbooks.populate_permissions(fresh)
check("workbooks.populate_permissions (new workbook takes the project's defaults)",
      caps_of(fresh.permissions, sales.id), {"Filter": "Allow", "Read": "Allow"})
out("fresh_id", fresh.id)

# Refusals, as TSC raises them: a capability workbooks do not have, a rule
# that is not there, and rules of content locked to its project.
check_error("workbooks.update_permissions(ProjectLeader)",
            lambda: s.workbooks.update_permissions(wb, [TSC.PermissionsRule(sales, {Cap.ProjectLeader: Mode.Allow})]), "400009")
check_error("workbooks.delete_permission(absent)",
            lambda: s.workbooks.delete_permission(wb, TSC.PermissionsRule(sales, {Cap.Write: Mode.Deny})), "404000")
proj.content_permissions = "LockedToProject"
check("projects.update(LockedToProject)", s.projects.update(proj).content_permissions, "LockedToProject")
check_error("workbooks.update_permissions(locked)",
            lambda: s.workbooks.update_permissions(fresh, [TSC.PermissionsRule(bob, {Cap.Read: Mode.Allow})]), "403000")
s.workbooks.populate_permissions(fresh)
s.projects.populate_workbook_default_permissions(proj)
check("workbooks.populate_permissions(locked: the project's defaults)",
      caps_of(fresh.permissions, sales.id), caps_of(proj.default_workbook_permissions, sales.id))
done()
