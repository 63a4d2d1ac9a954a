"""G27 for the meeting forms: whatever a liaison or staff member posts, the answer is a page with
form errors or a redirect, never a server error, and nothing outside their scope changes."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Finding, MeetingReport, TaskItem
from tests.meetings.factories import FindingFactory, MeetingFactory

pytestmark = pytest.mark.django_db

junk = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["31/02/2026", "2026-06-30", "-1", "0", "9" * 30, "<script>", "\x00", "12-TB/BTGDVTU", ""]
    ),
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "version",
                "number",
                "issued_on",
                "text",
                "findings-TOTAL_FORMS",
                "findings-0-kind",
                "findings-0-id",
                "findings-0-text",
                "findings-0-organization",
                "tasks-TOTAL_FORMS",
                "tasks-0-title",
                "tasks-0-lead",
                "tasks-0-due_on",
                "tasks-0-cooperating",
                "tasks-0-id",
                "proposals-TOTAL_FORMS",
                "attended",
            ]
        ),
        junk,
    )
)
def test_the_outcome_page_never_fails_and_never_touches_another_meeting(client, staff_user, org_a, fields):
    meeting = MeetingFactory(invited=[org_a])
    other = FindingFactory(text="Của hội nghị khác")
    data = {
        "findings-INITIAL_FORMS": 0,
        "tasks-INITIAL_FORMS": 0,
        "proposals-TOTAL_FORMS": 0,
        "proposals-INITIAL_FORMS": 0,
        "findings-TOTAL_FORMS": 1,
        "tasks-TOTAL_FORMS": 1,
        "version": meeting.version,
        **fields,
    }
    client.force_login(staff_user)
    response = client.post(reverse("meetings:outcome", kwargs={"pk": meeting.pk}), data)
    assert response.status_code in (200, 302)
    assert Finding.objects.get(pk=other.pk).text == "Của hội nghị khác"
    assert not TaskItem.objects.exclude(meeting=meeting).exists()


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["action", "results", "limitations", "proposals", "organization", "submitted_at"]),
        junk,
    )
)
def test_a_liaisons_report_never_fails_and_stays_its_units(client, liaison_a, org_a, org_b, fields):
    meeting = MeetingFactory(invited=[org_a, org_b])
    client.force_login(liaison_a)
    response = client.post(reverse("meetings:report", kwargs={"pk": meeting.pk, "org_pk": org_a.pk}), fields)
    assert response.status_code in (200, 302)
    assert not MeetingReport.objects.filter(organization=org_b).exists()
    for report in MeetingReport.objects.filter(meeting=meeting):
        assert report.organization == org_a
        assert "\x00" not in report.results
