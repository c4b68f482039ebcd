"""Virtual connections (3.18 to 3.23): publish (CreateNew, Overwrite), get, get_by_id, download,
update, populate_connections, update_connection_db_connection, get_revisions, download_revision,
add_tags, delete_tags, populate_permissions, add_permissions, delete_permission, delete."""
import json

from compat import *

s = signed_in("compat")
Cap, Mode = TSC.Permission.Capability, TSC.Permission.Mode


def doc(*servers):
    """A virtual connection's content: the emulator reads its database connections from it."""
    return json.dumps({
        "policyCollection": {"luid": "34ae5eb9-ceac-4158-86f1-a5d8163d5261", "policies": []},
        "revision": {"luid": "1b2e2aae-b904-4f5a-aa4d-9f114b8e5f57", "revisableProperties": {}},
        "connections": [{"dbClass": "postgres", "server": srv, "port": 5432, "username": "pgadmin", "database": "sales"}
                        for srv in servers],
    })


me = s.users.get_by_id(s.user_id)
item = TSC.VirtualConnectionItem("Warehouse")
item.project_id = INPUT["marketing_id"]
item.owner_id = me.id
vc = s.virtual_connections.publish(item, doc("db1.example.com"), mode="CreateNew")
check("virtual_connections.publish", [vc.name, vc.id is not None, vc.project_id, vc.owner_id, vc.content["connections"][0]["server"]],
      ["Warehouse", True, INPUT["marketing_id"], me.id, "db1.example.com"])
check_error("virtual_connections.publish (name taken)",
            lambda: s.virtual_connections.publish(item, doc("db1.example.com"), mode="CreateNew"), "409004")
check_error("virtual_connections.publish (not a JSON object)",
            lambda: s.virtual_connections.publish(item, "[1, 2]", mode="Overwrite"), "400000")

listed, pagination = s.virtual_connections.get()
check("virtual_connections.get", [[v.name for v in listed], [v.id for v in listed], pagination.total_available,
                                   [v.is_certified for v in listed], [v.content for v in listed]],
      [["Warehouse"], [vc.id], 1, [False], [None]])
got = s.virtual_connections.get_by_id(vc.id)
check("virtual_connections.get_by_id", [got.name, got.project_id, got.owner_id, got.created_at is not None, got.content["revision"]["luid"]],
      ["Warehouse", INPUT["marketing_id"], me.id, True, "1b2e2aae-b904-4f5a-aa4d-9f114b8e5f57"])
check("virtual_connections.download", json.loads(s.virtual_connections.download(vc.id)), json.loads(doc("db1.example.com")))

s.virtual_connections.populate_connections(got)
conns = list(got.connections)
check("virtual_connections.populate_connections",
      [[c.server_address for c in conns], [c.server_port for c in conns], [c.username for c in conns], [c.connection_type for c in conns],
       all(c.id for c in conns)],
      [["db1.example.com"], ["5432"], ["pgadmin"], ["postgres"], True])
change = conns[0]
change.server_address = "db9.example.com"
change.server_port = "6543"
change.username = "svc"
change.password = "s3cret-pw"
updated = s.virtual_connections.update_connection_db_connection(vc, change)
check("virtual_connections.update_connection_db_connection",
      [updated.id, updated.server_address, updated.server_port, updated.username, updated.password],
      [change.id, "db9.example.com", "6543", "svc", None])
s.virtual_connections.populate_connections(got)
check("virtual_connections.populate_connections (after the update)",
      [[c.server_address for c in got.connections], [c.server_port for c in got.connections]], [["db9.example.com"], ["6543"]])

got.name = "Warehouse 2"
got.is_certified = True
got.certification_note = "Checked"
up = s.virtual_connections.update(got)
check("virtual_connections.update", [up.name, up.is_certified, up.certification_note, up.project_id], ["Warehouse 2", True, "Checked", INPUT["marketing_id"]])

tags = s.virtual_connections.add_tags(vc, ["finance", "pii"])
check("virtual_connections.add_tags", sorted(tags), ["finance", "pii"])
s.virtual_connections.delete_tags(vc.id, "pii")
# VirtualConnectionItem reads no tags: the Go test checks with the SDK that only "finance" is left.
check("virtual_connections.delete_tags", "deleted", "deleted")

# Overwrite: the same name in the project gets the new content as revision 2.
item.name = "Warehouse 2"
over = s.virtual_connections.publish(item, doc("db2.example.com"), mode="Overwrite")
check("virtual_connections.publish (Overwrite)", [over.id, over.content["connections"][0]["server"]], [vc.id, "db2.example.com"])
revs, rp = s.virtual_connections.get_revisions(over)
check("virtual_connections.get_revisions", [[r.revision_number for r in revs], [r.current for r in revs], [r.user_id for r in revs], rp.total_available],
      [["1", "2"], [False, True], [me.id, me.id], 2])
old = s.virtual_connections.download_revision(over, 1)
check("virtual_connections.download_revision", json.loads(old), json.loads(doc("db1.example.com")))
check_error("virtual_connections.download_revision (current)", lambda: s.virtual_connections.download_revision(over, 2), "400200")

# Permissions: the generic rules of the kind, Read and Connect among them.
sales = TSC.GroupItem.as_reference(INPUT["sales_id"])
added = s.virtual_connections.add_permissions(over, [TSC.PermissionsRule(sales, {Cap.Read: Mode.Allow, "Connect": Mode.Allow, Cap.Delete: Mode.Deny})])
check("virtual_connections.add_permissions", sorted((k, v) for r in added if r.grantee.id == sales.id for k, v in r.capabilities.items()),
      [["Connect", "Allow"], ["Delete", "Deny"], ["Read", "Allow"]])
s.virtual_connections.populate_permissions(over)
check("virtual_connections.populate_permissions",
      sorted((k, v) for r in over.permissions if r.grantee.id == sales.id for k, v in r.capabilities.items()),
      [["Connect", "Allow"], ["Delete", "Deny"], ["Read", "Allow"]])
s.virtual_connections.delete_permission(over, TSC.PermissionsRule(sales, {Cap.Delete: Mode.Deny}))
s.virtual_connections.populate_permissions(over)
check("virtual_connections.delete_permission",
      sorted((k, v) for r in over.permissions if r.grantee.id == sales.id for k, v in r.capabilities.items()),
      [["Connect", "Allow"], ["Read", "Allow"]])

out("vc_id", vc.id)
second = TSC.VirtualConnectionItem("Scratch")
second.project_id = INPUT["marketing_id"]
second.owner_id = me.id
scratch = s.virtual_connections.publish(second, doc("scratch.example.com"))
s.virtual_connections.delete(scratch)
check_error("virtual_connections.delete", lambda: s.virtual_connections.get_by_id(scratch.id), "404000")
done()
