"""Group sets (3.22): create, add and remove groups, get, get_by_id,
update, filter, a permission rule naming a group set (added, read back,
deleted), delete."""
from compat import *

s = signed_in("compat")
emea = s.groups.create(TSC.GroupItem("EMEA"))
s.groups.add_users(emea, [INPUT["bob_id"]])
sales = s.groups.filter(name="Sales")[0]
s.groups.add_users(sales, [INPUT["bob_id"], INPUT["carol_id"]])

gs = s.group_sets.create(TSC.GroupSetItem("Sales EMEA"))
check("group_sets.create", [gs.name, bool(gs.id), gs.group_count], ["Sales EMEA", True, 0])
check_error("group_sets.create(duplicate)", lambda: s.group_sets.create(TSC.GroupSetItem("sales emea")), "409000")
s.group_sets.add_group(gs, INPUT["sales_id"])
s.group_sets.add_group(gs, emea)
got = s.group_sets.get_by_id(gs.id)
check("group_sets.get_by_id", [got.group_count, sorted(g.name for g in got.groups)], [2, ["EMEA", "Sales"]])
other = s.group_sets.create(TSC.GroupSetItem("Empty"))
items, pagination = s.group_sets.get()
check("group_sets.get", [sorted(names(items)), pagination.total_available], [["Empty", "Sales EMEA"], 2])
check("group_sets.get(resultlevel=local)", [len(x.groups) for x in s.group_sets.get(result_level="local")[0]], [0, 0])
check("group_sets.filter(name)", [x.id for x in s.group_sets.filter(name="Sales EMEA")], [gs.id])
check("Pager(group_sets)", sorted_names(TSC.Pager(s.group_sets)), ["Empty", "Sales EMEA"])
got.name = "Sales Europe"
check("group_sets.update", s.group_sets.update(got).name, "Sales Europe")

# A rule for the set on alice's workbook: bob is in both groups, carol in Sales only.
wb = s.workbooks.get_by_id(INPUT["alice_book_id"])
rule = TSC.PermissionsRule(grantee=TSC.GroupSetItem.as_reference(gs.id),
                           capabilities={TSC.Permission.Capability.Read: TSC.Permission.Mode.Allow})
s.workbooks.update_permissions(wb, [rule])
s.workbooks.populate_permissions(wb)
mine = [r for r in wb.permissions if r.grantee.tag_name == "groupSet"]
check("workbooks.populate_permissions(groupSet)", [[r.grantee.id, r.capabilities] for r in mine], [[gs.id, {"Read": "Allow"}]])
extra = TSC.PermissionsRule(grantee=TSC.GroupSetItem.as_reference(gs.id),
                            capabilities={TSC.Permission.Capability.ExportImage: TSC.Permission.Mode.Deny})
s.workbooks.update_permissions(wb, [extra])
s.workbooks.delete_permission(wb, extra)
s.workbooks.populate_permissions(wb)
mine = [r for r in wb.permissions if r.grantee.tag_name == "groupSet"]
check("workbooks.delete_permission(groupSet)", [r.capabilities for r in mine], [{"Read": "Allow"}])

s.group_sets.add_group(other, emea)
s.group_sets.remove_group(other, emea.id)
check("group_sets.remove_group", s.group_sets.get_by_id(other.id).group_count, 0)
s.group_sets.delete(other)
check("group_sets.delete", sorted_names(TSC.Pager(s.group_sets)), ["Sales Europe"])
out("group_set_id", gs.id)
done()
