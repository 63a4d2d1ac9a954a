"""Acceptance 3: the OpenAPI schema is generated with warnings as errors, validated as OpenAPI 3.1,
and equal to the committed docs/api/openapi.yaml, so that a change to the API is a visible change
to that file. The documentation page loads nothing from another host."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from tests.api.factories import bearer

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "api" / "openapi.yaml"
REGENERATE = (
    "DJANGO_SECRET_KEY=x python manage.py spectacular --validate --fail-on-warn --file docs/api/openapi.yaml"
)


def test_the_schema_is_valid_openapi_31_without_warnings_and_equals_the_committed_copy(tmp_path):
    generated = tmp_path / "openapi.yaml"
    # --fail-on-warn turns any warning into an error; --validate checks it against the OpenAPI 3.1
    # JSON schema that drf-spectacular ships.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    assert yaml.safe_load(generated.read_text(encoding="utf-8"))["openapi"] == "3.1.0"
    assert generated.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        f"The API changed and docs/api/openapi.yaml did not: if the change is meant, run {REGENERATE}"
    )


def test_the_api_offers_get_only():
    schema = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert methods == {"get"}
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_the_schema_speaks_vietnamese():
    schema = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert "chỉ đọc" in schema["info"]["description"]
    summaries = [op["summary"] for ops in schema["paths"].values() for op in ops.values()]
    assert "Nhiệm vụ" in summaries
    assert "Số liệu tổng quan" in summaries


@pytest.mark.django_db
def test_the_served_schema_is_the_committed_one(client, ban_key):
    served = client.get(reverse("api:schema") + "?format=json", **bearer(ban_key[1]))
    assert served.status_code == 200
    assert served.json() == yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_the_documentation_page_references_no_other_host(login, staff_user):
    html = login(staff_user).get(reverse("api:docs")).content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert reverse("api:schema") in addresses
    outside = [a for a in addresses if re.match(r"^(https?:)?//", a)]
    assert outside == []
    assert "<script>" not in html  # no inline script: the CSP allows our own files only
