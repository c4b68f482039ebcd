"""Subscriptions: create to a view and a workbook, list, get, update
(suspend), delete."""
from compat import *

s = signed_in("compat")
view = TSC.Target(INPUT["view_id"], "View")
sub = TSC.SubscriptionItem("Morning sales", INPUT["schedule_id"], INPUT["alice_id"], view)
sub.message = "Here it is"
sub.attach_pdf = True
sub.page_orientation = TSC.PDFRequestOptions.Orientation.Landscape
sub.page_size_option = TSC.PDFRequestOptions.PageType.A4
made = s.subscriptions.create(sub)
check("subscriptions.create(view)", [made.subject, made.schedule_id, made.user_id, made.target.id, made.target.type],
      ["Morning sales", INPUT["schedule_id"], INPUT["alice_id"], INPUT["view_id"], "View"])

wb = TSC.SubscriptionItem("Weekly book", INPUT["schedule_id"], INPUT["bob_id"], TSC.Target(INPUT["workbook_id"], "Workbook"))
wb.attach_image = False
wb.attach_pdf = True
made_wb = s.subscriptions.create(wb)
check("subscriptions.create(workbook)", [made_wb.attach_image, made_wb.attach_pdf, made_wb.send_if_view_empty], [False, True, True])

subs, pagination = s.subscriptions.get()
check("subscriptions.get", [sorted(x.subject for x in subs), pagination.total_available], [["Morning sales", "Weekly book"], 2])
got = s.subscriptions.get_by_id(made.id)
check("subscriptions.get_by_id", [got.message, got.attach_pdf, got.page_orientation, got.page_size_option, got.suspended],
      ["Here it is", True, "LANDSCAPE", "A4", False])

got.suspended = True
got.subject = "Morning sales (paused)"
up = s.subscriptions.update(got)
check("subscriptions.update", [up.subject, up.suspended], ["Morning sales (paused)", True])

try:
    s.subscriptions.get_by_id("00000000-0000-0000-0000-000000000000")
    check("subscriptions.get_by_id(unknown)", "found", "404025")
except TSC.ServerResponseError as e:
    check("subscriptions.get_by_id(unknown)", e.code, "404025")

s.subscriptions.delete(made_wb.id)
check("subscriptions.delete", [x.id for x in s.subscriptions.get()[0]], [made.id])
out("subscription_id", made.id)
done()
