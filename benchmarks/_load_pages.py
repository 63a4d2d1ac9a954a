"""The page mix of the load test (issue 16, acceptance 1), shared by benchmarks/locustfile.py and
its test. Plain data, no locust import: locust monkey-patches sockets and threads (gevent) on
import, so neither Django nor pytest may import it.

Each page: a name (as locust reports it), a path whose {fields} scripts/load.py fills from the
seeded data, the URL name it must resolve to, and its weight in the mix (a staff member's giao ban
day: mostly the task list and task pages, the dashboard, a meeting, a search of the register).
"""

LOGIN = "/dang-nhap/"

PAGES = [
    # name, path, URL name, weight
    ("dashboard", "/bao-cao/tong-quan/", "reports:dashboard", 2),
    ("task list", "/nhiem-vu/", "assignments:list", 3),
    ("task page", "/nhiem-vu/{task}/", "assignments:detail", 4),
    ("meeting page", "/hoi-nghi/{meeting}/", "meetings:detail", 2),
    ("directive list with search", "/van-ban/?q={query}", "directives:list", 2),
]
