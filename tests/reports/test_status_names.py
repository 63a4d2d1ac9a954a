"""One name per task status (issue 15): the five names are the labels of assignments.models.Bucket,
written nowhere else in the code, and the pages, the digest and the PDF's table show those names
and none of the second wordings they used to ("Quá hạn", "Trong hạn", "Xong đúng hạn", ...)."""

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation
from lxml import html as lxml_html

from assignments.models import Bucket
from notices.models import Preference
from reports import notifications
from tests.conftest import ROOT
from tests.reports.conftest import TODAY

# Names a status had besides its label, on a page, in the digest or a document.
SECOND_NAMES = {
    "quá hạn",
    "trong hạn",
    "đang thực hiện",
    "đang thực hiện, còn trong hạn",
    "đang thực hiện, theo hạn",
    "xong đúng hạn",
    "hoàn thành trễ hạn",
}
SOURCES = ("templates", "assignments", "reports", "meetings", "directives", "agreements", "api", "khoagiao")


def labels():
    with translation.override("vi"):
        return {bucket: str(bucket.label) for bucket in Bucket}


def test_the_status_names_are_written_once_in_the_code():
    # "Cancelled" is also a programme's and a meeting's status (the same word, the same name).
    msgids = [bucket.label._args[0] for bucket in Bucket if bucket != Bucket.CANCELLED]
    pattern = re.compile("|".join(re.escape(f'"{m}"') for m in msgids))
    elsewhere = []
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
                continue
            if path == ROOT / "assignments" / "models.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    elsewhere.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not elsewhere, "a status named outside Bucket (use {% bucket_label %}):\n" + "\n".join(elsewhere)


def texts(content):
    tree = lxml_html.fromstring(content)
    for element in tree.xpath("//script|//style"):
        element.drop_tree()
    return [" ".join(t.split()) for t in tree.xpath("//body//text()") if t.strip()]


@pytest.mark.django_db
def test_pages_name_each_status_by_its_label(scenario, login, staff_user, leader_user, liaison_a):
    names = labels()
    pages = [
        (staff_user, "/?year=2026"),
        (staff_user, "/nhiem-vu/"),
        (leader_user, "/?year=2026"),
        (liaison_a, "/"),
        (liaison_a, "/bao-cao/tong-quan/?year=2026"),
    ]
    for user, url in pages:
        response = login(user).get(url)
        assert response.status_code == 200, url
        shown = texts(response.content)
        second = [t for t in shown if t.lower().rstrip(":") in SECOND_NAMES]
        assert not second, f"{user.username} {url}: {second}"
        if "year=" in url:
            # The key figures and the breakdowns' columns carry the labels themselves.
            for bucket in (Bucket.DONE_ON_TIME, Bucket.DONE_LATE, Bucket.OPEN, Bucket.OVERDUE):
                assert names[bucket] in shown, (url, names[bucket])
    home = texts(login(liaison_a).get("/").content)
    assert names[Bucket.OVERDUE] in home
    assert names[Bucket.OPEN] in home


@pytest.mark.django_db
def test_the_digest_and_the_pdf_table_use_the_labels(scenario, leader_user):
    names = labels()
    Preference.objects.create(user=leader_user, mail=Preference.Mail.EVERY)  # the digest as its own mail
    notifications.digest_send_weekly(today=TODAY)
    body = mail.outbox[0].body
    for bucket in (Bucket.DONE_ON_TIME, Bucket.DONE_LATE, Bucket.OPEN, Bucket.OVERDUE):
        assert re.search(rf"^- {re.escape(names[bucket])}: \d+$", body, re.M), names[bucket]
    assert not [line for line in body.splitlines() if line.startswith(("- Quá hạn", "- Đang thực hiện"))]
    with translation.override("vi"):
        table = render_to_string("reports/pdf/_table.html", {"rows": [], "first_column": "Đơn vị"})
    headers = [" ".join(th.text_content().split()) for th in lxml_html.fromstring(table).xpath("//th")]
    assert headers[2:7] == [names[b] for b in Bucket]
