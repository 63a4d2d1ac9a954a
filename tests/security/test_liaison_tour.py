"""A liaison touring every page it can reach meets no dead link.

The issue's acceptance: "The liaison of one unit, touring every page it can reach, meets no 404
link." A crawler signs in as the liaison of one unit on the demo data (two units with liaisons,
the Ban's meetings, conclusions and tasks for both), starts at the home page and follows every
same-site link it is shown, with GET only. A link that answers 403, 404 or 500 is a link the
page should not have shown: the page links only what its reader may open.
"""

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assignments import services as task_services
from assignments.models import Task
from meetings.models import Meeting
from organizations.models import User
from tests.meetings.factories import PDF_BYTES, MeetingAttachmentFactory
from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db

# Pages a tour never opens: signing out ends the tour; static files are not pages.
SKIPPED_PATHS = re.compile(r"^/(dang-xuat/|static/|media/)")
# A list page's filters and pages can combine without end; a few variants of each path are
# enough to see every kind of link it shows.
VARIANTS_PER_PATH = 6
MAX_PAGES = 1500
BAD = {403, 404, 500}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def same_site_links(page_url, html):
    parser = Links()
    parser.feed(html)
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urldefrag(urljoin("http://testserver" + page_url, href)).url
        parts = urlsplit(url)
        if parts.netloc != "testserver":
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start="/"):
    """Every page reachable from `start`: {url: status} and, for each url, a page that linked it."""
    statuses, linked_from = {}, {start: "(start)"}
    per_path = {}
    queue = deque([start])
    while queue and len(statuses) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        statuses[url] = response.status_code
        targets = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            targets = list(same_site_links(url, response.content.decode()))
        for target in targets:
            path = urlsplit(target).path
            if target in linked_from or SKIPPED_PATHS.match(path):
                continue
            per_path[path] = per_path.get(path, 0) + 1
            if per_path[path] > VARIANTS_PER_PATH:
                continue
            linked_from[target] = url
            queue.append(target)
    return statuses, linked_from


def pdf(name):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def demo(khoa_giao_fields, settings):
    """The demo province, plus files where a unit must not follow another's: the minutes of each
    meeting, each unit's report file and a file on each unit's tasks."""
    settings.PORTAL_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", stdout=io.StringIO())
    staff = User.objects.get(username="chuyenvien")
    for meeting in Meeting.objects.all():
        MeetingAttachmentFactory(meeting=meeting, uploaded_by=staff)
        for report in meeting.reports.all():
            MeetingAttachmentFactory(meeting=meeting, report=report, uploaded_by=staff)
    for task in Task.objects.all():
        if not task.is_classified:
            task_services.task_attach(task=task, by=staff, files=[pdf("ke-hoach.pdf")])


@pytest.mark.parametrize("username", ["lienlac.gddt", "lienlac.yte"])
def test_a_liaison_touring_every_page_it_can_reach_meets_no_dead_link(demo, username):
    liaison = User.objects.get(username=username)
    client = sign_in(Client(raise_request_exception=False), liaison)
    statuses, linked_from = crawl(client)
    dead = sorted(
        f"{url} answered {status}, linked from {linked_from[url]}"
        for url, status in statuses.items()
        if status in BAD
    )
    assert not dead, "\n".join(dead)
    assert len(statuses) < MAX_PAGES, "the tour stopped before it had seen every page"
    # The tour did reach the unit's work: meetings, tasks, documents and a notice.
    visited = set(statuses)
    for name in ("meetings:list", "assignments:list", "directives:list"):
        assert reverse(name) in visited
    assert any(re.fullmatch(r"/hoi-nghi/\d+/", url) for url in visited)
    assert any(re.fullmatch(r"/nhiem-vu/\d+/", url) for url in visited)
    assert any(url.endswith("/thong-bao.pdf") for url in visited)
    assert any(re.fullmatch(r"/hoi-nghi/\d+/tep/\d+/", url) for url in visited)
    assert any(re.fullmatch(r"/nhiem-vu/tep/\d+/", url) for url in visited)
