"""The API's reference page is the schema's: every endpoint, parameter and data type of the
published OpenAPI document (docs/api/openapi.yaml, which CI regenerates and compares) is on it,
in words a reader follows ("mảng của …", "…, hoặc null"), for every signed-in role."""

from pathlib import Path

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from api.reference import build, kind_of

pytestmark = pytest.mark.django_db
SCHEMA = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs/api/openapi.yaml").read_text())


def test_every_endpoint_parameter_and_type_of_the_schema_is_on_the_page(login, staff_user, liaison_a):
    for person in (staff_user, liaison_a):
        response = login(person).get(reverse("api:docs"))
        assert response.status_code == 200
        html = response.content.decode()
        for path, operations in SCHEMA["paths"].items():
            for method, operation in operations.items():
                assert f"{method.upper()} {path}" in html
                assert f'id="{operation["operationId"]}"' in html
                for parameter in operation.get("parameters", []):
                    assert f"<code>{parameter['name']}</code>" in html, (path, parameter["name"])
        for name in SCHEMA["components"]["schemas"]:
            assert f'id="type-{name}"' in html
        # Links to types lead to a type on the page.
        assert 'href="#type-PaginatedTaskList"' in html
        assert SCHEMA["info"]["description"][:80] in html


def test_the_reference_reads_types_in_words():
    with translation.override("vi"):
        assert kind_of({"$ref": "#/components/schemas/Task"}).ref == "Task"
        listed = kind_of({"type": "array", "items": {"$ref": "#/components/schemas/UnitRef"}})
        assert listed.ref == "UnitRef"
        assert listed.text.startswith("mảng")
        nullable = kind_of({"type": ["string", "null"], "format": "date"})
        assert nullable.text.startswith("string (date)")
        assert "null" in nullable.text
        assert kind_of({"allOf": [{"$ref": "#/components/schemas/TaskStatusEnum"}]}).ref == "TaskStatusEnum"
    reference = build(SCHEMA)
    assert len(reference.endpoints) == sum(len(ops) for ops in SCHEMA["paths"].values())
    assert {t.name for t in reference.types} == set(SCHEMA["components"]["schemas"])
