"""The API's report (issue #12: "signature state if present") says what the report's page says
about its signature, and its PDF is the document of record: the sealed file once sealed."""

import pytest
from django.urls import reverse

from organizations.access import SYSTEM
from reports import services as report_services
from signatures import services
from signatures.models import SignedDocument
from tests.api.factories import api_key, bearer
from tests.signatures.conftest import read
from tests.signatures.pki import SEAL_NAME

pytestmark = [pytest.mark.django_db]


def test_a_sealed_reports_api_record_names_its_seal_and_serves_the_sealed_file(
    client, seal_pkcs12, ban, private_root
):
    _key, token = api_key()
    report, _ = report_services.report_request(by=SYSTEM, kind="ban", period="2026-H1", enqueue=False)
    report_services.report_render(report_id=report.pk, heartbeat=False)
    document = SignedDocument.objects.get(report=report)

    row = client.get(reverse("api:report-detail", args=[report.pk]), **bearer(token)).json()
    assert row["signature"]["state"] == "unsigned"
    assert row["signature"]["signer"] == ""

    services.document_process(document_id=document.pk, heartbeat=False)
    document.refresh_from_db()
    row = client.get(reverse("api:report-detail", args=[report.pk]), **bearer(token)).json()
    assert row["signature"]["state"] == "signed"
    assert row["signature"]["method"] == "seal"
    assert row["signature"]["signer"] == SEAL_NAME
    assert row["signature"]["signed_at"]
    pdf = client.get(row["download"], **bearer(token))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content) == read(document.signed_file)
