"""Webhooks: create (TSC's request, the webhook-source element), get,
get_by_id, test and delete; the Go test then publishes a workbook and
reads what reached the destination."""
from compat import *

s = signed_in("compat")
url = INPUT["url"]

wh = TSC.WebhookItem()
wh.name = "New workbooks"
wh.event = "workbook-created"
wh.url = url + "/workbooks"
created = s.webhooks.create(wh)
check("webhooks.create", [created.name, created.event, created.url, created.owner_id != None],
      ["New workbooks", "workbook-created", url + "/workbooks", True])

other = TSC.WebhookItem()
other.name = "Failed refreshes"
other.event = "datasource-refresh-failed"
other.url = url + "/refreshes"
other = s.webhooks.create(other)

hooks, pagination = s.webhooks.get()
check("webhooks.get", [sorted_names(hooks), pagination.total_available], [["Failed refreshes", "New workbooks"], 2])

got = s.webhooks.get_by_id(created.id)
check("webhooks.get_by_id", [got.id, got.name, got.event, got.url], [created.id, "New workbooks", "workbook-created", url + "/workbooks"])

answer = s.webhooks.test(created.id)
check("webhooks.test", [answer.status_code, "webhookTestResult" in answer.text, 'status="200"' in answer.text], [200, True, True])

s.webhooks.delete(other.id)
check("webhooks.delete", names(s.webhooks.get()[0]), ["New workbooks"])
check_error("webhooks.get_by_id deleted", lambda: s.webhooks.get_by_id(other.id), "404000")

bad = TSC.WebhookItem()
bad.name = "Elsewhere"
bad.event = "workbook-created"
bad.url = "https://10.20.30.40/hook"
check_error("webhooks.create disallowed destination", lambda: s.webhooks.create(bad), "400000")

out("webhook_id", created.id)
done()
