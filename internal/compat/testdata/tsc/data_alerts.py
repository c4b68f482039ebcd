"""Data-driven alerts (made by the Go test's seed helper): list, get,
update, add and remove a user, delete."""
from compat import *

s = signed_in("compat")
alerts, pagination = s.data_alerts.get()
check("data_alerts.get", [sorted(a.subject for a in alerts), pagination.total_available], [["Sales high", "Sales low"], 2])
high = [a for a in alerts if a.subject == "Sales high"][0]
check("data_alerts.get fields", [high.view_id, high.workbook_id, high.owner_id, high.frequency, high.public],
      [INPUT["view_id"], INPUT["workbook_id"], INPUT["admin_id"], "Once", "false"])  # TSC keeps public as the string it read

got = s.data_alerts.get_by_id(high.id)
check("data_alerts.get_by_id recipients", sorted(got.recipients), sorted([INPUT["admin_id"], INPUT["alice_id"]]))

user = s.data_alerts.add_user_to_alert(got, INPUT["bob_id"])
check("data_alerts.add_user_to_alert", [user.id, user.name], [INPUT["bob_id"], "bob"])
check("data_alerts.get_by_id after add", len(s.data_alerts.get_by_id(high.id).recipients), 3)
s.data_alerts.delete_user_from_alert(got, INPUT["alice_id"])
check("data_alerts.delete_user_from_alert", sorted(s.data_alerts.get_by_id(high.id).recipients), sorted([INPUT["admin_id"], INPUT["bob_id"]]))

got.subject = "Sales very high"
got.frequency = TSC.DataAlertItem.Frequency.Frequently
got.public = True
up = s.data_alerts.update(got)
check("data_alerts.update", [up.subject, up.frequency, up.public], ["Sales very high", "AsFrequentlyAsPossible", "true"])

low = [a for a in alerts if a.subject == "Sales low"][0]
s.data_alerts.delete(low)
check("data_alerts.delete", [a.id for a in s.data_alerts.get()[0]], [high.id])
done()
