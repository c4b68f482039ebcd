"""Linked tasks: get, run_now (3.15). Tableau makes linked tasks in its web UI; the Go test seeds one.

get_by_id is left out: TSC reads its answer with findall(".//t:linkedTasks[@id]"), the list's
element, while the 3.29 schema's Get Linked Task answers <linkedTask> (tsResponse/linkedTask),
which the emulator follows; no captured answer decides which a real server sends, so TSC's
get_by_id may fail against a real server too."""
from compat import *

s = signed_in("compat")
linked, pagination = s.linked_tasks.get()
check("linked_tasks.get", [[t.id for t in linked], [t.num_steps for t in linked], pagination.total_available],
      [[INPUT["linked_id"]], [1], 1])
check("linked_tasks.get schedule", [t.schedule.schedule_type for t in linked], ["Extract"])
job = s.linked_tasks.run_now(INPUT["linked_id"])
check("linked_tasks.run_now", [job.linked_task_id, job.id is not None, job.status is not None], [INPUT["linked_id"], True, True])
done()
