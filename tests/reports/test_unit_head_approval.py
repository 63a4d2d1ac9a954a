"""Issue #18: a unit's report is approved by the Ban's leaders or by the head of that unit
(organizations.access.REPORT_APPROVERS, UNIT_HEADS). The head is told on its bell when the Ban
submits it, finds it on its home page, reads it, returns it or approves it, and then downloads
the issued document. It sees nothing else of the archive: not a draft the Ban is still writing,
not another unit's report, not the Ban's or a directive's report; a liaison sees no report."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from notices.models import Notice
from organizations.access import may
from reports import services
from reports.models import Report
from tests.directives.factories import DirectiveFactory
from tests.reports.drafting import PERIOD, at, giao_ban_scene

pytestmark = pytest.mark.django_db
APPROVED_AT = at(datetime.date(2026, 7, 20), 9)


@pytest.fixture
def unit_draft(ban, org_a, org_b, khoa_giao_fields, staff_user):
    giao_ban_scene(ban, org_a, org_b, khoa_giao_fields)
    report, created = services.report_request(
        by=staff_user, kind=Report.Kind.UNIT, organization=org_a, period=PERIOD, draft=True, enqueue=False
    )
    assert created
    assert report.stage == Report.Stage.DRAFT
    return report


def _submit(report, staff_user):
    return services.report_submit(report=report, by=staff_user, comment="Kính trình đồng chí.")


def _status(client, name, report, method="get", **data):
    url = reverse(f"reports:{name}", kwargs={"pk": report.pk})
    return getattr(client, method)(url, data).status_code


def test_the_head_sees_nothing_until_the_ban_submits_then_is_told_once(
    unit_draft, staff_user, head_a, head_b, liaison_a, login
):
    client = login(head_a)
    assert _status(client, "detail", unit_draft) == 404
    assert not Notice.objects.filter(kind="report_submitted").exists()

    submitted = _submit(unit_draft, staff_user)
    (notice,) = Notice.objects.filter(kind="report_submitted")
    # Unit A's head alone: not the liaison of the unit, not the head of another unit.
    assert notice.recipient == head_a
    assert notice.path == reverse("reports:detail", kwargs={"pk": submitted.pk})
    assert notice.text.startswith("Báo cáo chờ đồng chí duyệt")

    home = client.get(reverse("home"))
    assert home.status_code == 200
    awaiting = home.content.decode()
    assert "Báo cáo chờ đồng chí duyệt" in awaiting
    assert reverse("reports:detail", kwargs={"pk": submitted.pk}) in awaiting

    page = client.get(reverse("reports:detail", kwargs={"pk": submitted.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phê duyệt và ban hành" in html
    assert reverse("reports:approve", kwargs={"pk": submitted.pk}) in html
    # The archive is not the head's: no link to it from the report's page.
    assert f'href="{reverse("reports:list")}"' not in html


def test_the_head_returns_it_with_a_comment_and_the_staff_resubmit(unit_draft, staff_user, head_a, login):
    _submit(unit_draft, staff_user)
    client = login(head_a)
    response = client.post(
        reverse("reports:return", kwargs={"pk": unit_draft.pk}), {"text": "Bổ sung số liệu tiêm chủng."}
    )
    assert response.status_code == 302
    report = Report.objects.get(pk=unit_draft.pk)
    assert report.stage == Report.Stage.RETURNED
    # Returned: the head still reads it and its comment, and may not approve what is not submitted.
    page = client.get(reverse("reports:detail", kwargs={"pk": report.pk})).content.decode()
    assert "Bổ sung số liệu tiêm chủng." in page
    assert reverse("reports:approve", kwargs={"pk": report.pk}) not in page
    # Submitted again, it is news again.
    _submit(report, staff_user)
    assert Notice.objects.filter(kind="report_submitted", recipient=head_a).count() == 2


def test_the_head_approves_its_units_report_which_is_numbered_issued_and_downloadable(
    unit_draft, staff_user, head_a, login
):
    _submit(unit_draft, staff_user)
    approved = services.report_approve(report=unit_draft, by=head_a, at=APPROVED_AT)
    assert approved.number == "1-BC/BTGDVTU"
    assert approved.approved_by == head_a
    issued = services.report_render(report_id=approved.pk, heartbeat=False)
    assert issued.stage == Report.Stage.ISSUED
    client = login(head_a)
    download = client.get(reverse("reports:download", kwargs={"pk": issued.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_the_head_approves_through_the_page(unit_draft, staff_user, head_a, login):
    _submit(unit_draft, staff_user)
    client = login(head_a)
    response = client.post(reverse("reports:approve", kwargs={"pk": unit_draft.pk}), {"text": "Đồng ý."})
    assert response.status_code == 302
    report = Report.objects.get(pk=unit_draft.pk)
    assert report.stage == Report.Stage.APPROVED
    assert report.number.endswith("-BC/BTGDVTU")


def test_another_units_head_and_the_liaison_get_nothing(unit_draft, staff_user, head_b, liaison_a, login):
    _submit(unit_draft, staff_user)
    for person in (head_b, liaison_a):
        client = login(person)
        for name in ("detail", "download", "status"):
            assert _status(client, name, unit_draft) == 404, (person, name)
        for name in ("approve", "return", "comment"):
            assert _status(client, name, unit_draft, "post", text="Đồng ý.") == 404, (person, name)
        assert not may(person, "report.approve", unit_draft)
        with pytest.raises(PermissionDenied):
            services.report_approve(report=unit_draft, by=person)
        with pytest.raises(PermissionDenied):
            services.report_return(report=unit_draft, by=person, comment="Sửa lại.")
    assert Report.objects.get(pk=unit_draft.pk).stage == Report.Stage.SUBMITTED


def test_the_head_neither_sees_nor_approves_the_bans_or_a_directives_report(
    unit_draft, staff_user, head_a, login
):
    directive = DirectiveFactory(sequence=128, title="Hướng dẫn công tác khoa giáo năm 2026")
    others = []
    for kind, extra in ((Report.Kind.BAN, {}), (Report.Kind.DIRECTIVE, {"directive": directive})):
        report, _created = services.report_request(
            by=staff_user, kind=kind, period=PERIOD, draft=True, enqueue=False, **extra
        )
        others.append(_submit(report, staff_user))
    assert not Notice.objects.filter(recipient=head_a).exists()
    client = login(head_a)
    for report in others:
        assert _status(client, "detail", report) == 404
        assert _status(client, "approve", report, "post") == 404
        with pytest.raises(PermissionDenied):
            services.report_approve(report=report, by=head_a)
        assert Report.objects.get(pk=report.pk).stage == Report.Stage.SUBMITTED
    assert set(Report.objects.visible_to(head_a)) == set()


def test_the_head_may_not_edit_or_submit(unit_draft, staff_user, head_a):
    with pytest.raises(PermissionDenied):
        services.report_submit(report=unit_draft, by=head_a)
    submitted = _submit(unit_draft, staff_user)
    with pytest.raises(PermissionDenied):
        services.report_edit(report=submitted, by=head_a, version=submitted.version, results_text="Khác")
