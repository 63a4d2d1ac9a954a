"""Acceptance 2: the figures endpoint, the dashboard page and the report PDF give the same numbers
for the same period and filters, on generated data; the PDF is read back with pdftotext. The
report's JSON document carries the same numbers too."""

import datetime
import re
import subprocess
import unicodedata

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.models import Task
from reports import services
from reports.models import Report
from tests.api.factories import api_key, bearer
from tests.directives.factories import DirectiveFactory
from tests.factories import OrganizationFactory
from tests.sign_in import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.pdftools]

COLUMNS = ("total", "done_on_time", "done_late", "open", "overdue", "cancelled")
UNITS = ("Sở Thử Một", "Sở Thử Hai", "Sở Thử Ba")

task_spec = st.fixed_dictionaries(
    {
        "unit": st.integers(0, len(UNITS) - 1),
        "field": st.integers(0, 2),  # 2: no field
        "day": st.integers(0, 364),
        "done": st.sampled_from([None, None, -3, 0, 5]),  # days from the due date
        "cancelled": st.booleans(),
    }
)


class Rollback(Exception):
    pass


def build(specs, fields):
    today = timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    units = [OrganizationFactory(code=f"fig-{n}", name=name, short_name=name) for n, name in enumerate(UNITS)]
    directive = DirectiveFactory(sequence=77, title="Hướng dẫn thử nghiệm số liệu")
    for n, spec in enumerate(specs):
        due = min(year_start + datetime.timedelta(days=spec["day"]), datetime.date(today.year, 12, 31))
        done = None if spec["done"] is None else due + datetime.timedelta(days=spec["done"])
        if done and done > today:
            done = None  # nobody reports a completion in the future
        Task.objects.create(
            title=f"Nhiệm vụ số liệu {n}",
            lead=units[spec["unit"]],
            directive=directive,
            field=fields[spec["field"]] if spec["field"] < 2 else None,
            assigned_on=year_start,
            due_on=due,
            completed_on=done,
            cancelled_on=today if spec["cancelled"] and not done else None,
        )
    return units


def pdf_layout(path):
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFC", out.stdout)


def pdf_row(layout, label):
    """The first six numbers printed after `label` on its line of a table."""
    for line in layout.splitlines():
        if line.strip().startswith(label):
            numbers = re.findall(r"(?<![\w/%])(\d+)(?![\w/])", line[line.index(label) + len(label) :])
            if len(numbers) >= 6:
                return [int(n) for n in numbers[:6]]
    return None


def page_rows(html, section):
    """{row key: the six counts} of one breakdown table of the dashboard page."""
    body = html.split(f'id="{section}"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for key, cells in re.findall(r'data-row="([^"]+)">(.*?)</tr>', body, flags=re.S):
        numbers = re.findall(r'<td class="text-end num">(?:<a [^>]*>)?(?:<span[^>]*>)?(\d+)', cells)
        rows[key] = [int(n) for n in numbers[:6]]
    return rows


def api_counts(counts):
    return [counts[name] for name in COLUMNS]


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(task_spec, min_size=3, max_size=25))
def test_the_figures_the_dashboard_and_the_pdf_agree(private_root, ban, leader_user, khoa_giao_fields, specs):
    fields = list(khoa_giao_fields.values())[:2]
    year = timezone.localdate().year
    client = Client()
    try:
        with transaction.atomic():
            units = build(specs, fields)
            _key, token = api_key()

            figures = client.get(reverse("api:figures"), {"year": year}, **bearer(token)).json()

            sign_in(client, leader_user)
            page = client.get(reverse("reports:dashboard"), {"year": year}).content.decode()
            client.logout()

            report, _created = services.report_request(
                by=leader_user, kind="ban", period=f"{year}-Y", enqueue=False
            )
            services.report_render(report_id=report.pk, heartbeat=False)
            report.refresh_from_db()
            assert report.status == Report.Status.READY, report.last_error
            layout = pdf_layout(private_root / report.file.name)
            document = client.get(reverse("api:report-document", args=[report.pk]), **bearer(token)).json()

            totals = api_counts(figures["totals"])
            assert totals[0] == len(specs)
            kpi = dict(re.findall(r'data-figure="(\w+)">\s*<span class="kpi-value">(\d+)', page))
            for name in ("total", "done_on_time", "done_late", "open", "overdue", "due_soon"):
                assert int(kpi[name]) == figures["totals"][name], name
            appendix = layout.split("Phụ lục 1")[1]
            assert pdf_row(appendix, "Tổng số") == totals
            assert api_counts(document["indicators"]) == totals

            by_unit_page = page_rows(page, "by-unit")
            for row in figures["by_unit"]:
                counts = api_counts(row["counts"])
                assert by_unit_page[str(row["unit"]["id"])] == counts, row["unit"]["name"]
                assert pdf_row(layout, row["unit"]["name"]) == counts, row["unit"]["name"]
            assert {row["unit"]["id"] for row in figures["by_unit"]} <= {u.pk for u in units}
            assert [api_counts(r["counts"]) for r in document["by_unit"]] == [
                api_counts(r["counts"]) for r in figures["by_unit"]
            ]

            by_field_page = page_rows(page, "by-field")
            for row in figures["by_field"]:
                key = str(row["field"]["id"]) if row["field"] else "none"
                assert by_field_page[key] == api_counts(row["counts"])
            assert [r["counts"] for r in document["by_field"]] == [r["counts"] for r in figures["by_field"]]
            assert [r["counts"] for r in document["by_quarter"]] == [
                r["counts"] for r in figures["by_quarter"]
            ]
            raise Rollback
    except Rollback:
        pass


def test_the_figures_follow_the_pages_filters(client, ban_key, org_a, org_b, khoa_giao_fields):
    field = next(iter(khoa_giao_fields.values()))
    directive = DirectiveFactory()
    year = timezone.localdate().year
    due = datetime.date(year, 2, 10)
    for lead in (org_a, org_a, org_b):
        Task.objects.create(
            title="Nhiệm vụ", lead=lead, directive=directive, field=field, assigned_on=due, due_on=due
        )
    Task.objects.create(title="Khác", lead=org_a, directive=DirectiveFactory(), assigned_on=due, due_on=due)

    def total(**query):
        response = client.get(reverse("api:figures"), {"year": year, **query}, **bearer(ban_key[1]))
        assert response.status_code == 200, response.content
        return response.json()["totals"]["total"]

    assert total() == 4
    assert total(period="Q1") == 4
    assert total(period="Q2") == 0
    assert total(unit=org_a.pk) == 3
    assert total(field=field.pk) == 3
    assert total(directive=directive.pk) == 3
    refused = client.get(reverse("api:figures"), {"period": "Q9", "unit": 99999}, **bearer(ban_key[1]))
    assert refused.status_code == 400
    assert set(refused.json()) == {"period", "unit"}


def test_a_units_key_gets_its_units_figures_only(client, key_a, org_a, org_b):
    directive = DirectiveFactory()
    year = timezone.localdate().year
    due = datetime.date(year, 3, 3)
    Task.objects.create(title="Của A", lead=org_a, directive=directive, assigned_on=due, due_on=due)
    Task.objects.create(title="Của B", lead=org_b, directive=directive, assigned_on=due, due_on=due)
    shared = Task.objects.create(
        title="B, A phối hợp", lead=org_b, directive=directive, assigned_on=due, due_on=due
    )
    shared.cooperating.add(org_a)
    body = client.get(reverse("api:figures"), {"year": year}, **bearer(key_a[1])).json()
    assert body["totals"]["total"] == 2
    assert {row["unit"]["id"]: row["counts"]["total"] for row in body["by_unit"]} == {
        org_a.pk: 1,
        org_b.pk: 1,
    }
    # Unit B's own figures are not for A's key: only the task A supports is counted.
    assert (
        client.get(reverse("api:figures"), {"year": year, "unit": org_b.pk}, **bearer(key_a[1])).json()[
            "totals"
        ]["total"]
        == 1
    )
