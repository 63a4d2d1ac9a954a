"""The API's reference page, written from its OpenAPI schema on the server.

drf-spectacular generates the schema (the one `manage.py spectacular` writes to
docs/api/openapi.yaml); this module turns it into what a template shows: each endpoint with its
parameters, its answer and its example, and each data type with its fields. It replaced Swagger
UI, whose 420 KiB script drew the page after it loaded and whose own markup failed the portal's
accessibility checks on a phone (buttons inside buttons, 18 px links, white on light green).
A developer who wants an interactive console loads the schema into one of their own.
"""

import json
from dataclasses import dataclass, field
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")
REF = "#/components/schemas/"


@dataclass
class Kind:
    """How a value is written: `text` in words, and the data type it names (a link), if any."""

    text: str
    ref: str = ""


@dataclass
class Parameter:
    name: str
    where: str
    required: bool
    kind: Kind
    description: str


@dataclass
class Endpoint:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list
    answers: list  # [(status, media type, Kind)]
    examples: list  # [(name, JSON text)]


@dataclass
class Property:
    name: str
    kind: Kind
    required: bool
    read_only: bool
    description: str


@dataclass
class DataType:
    name: str
    description: str
    properties: list = field(default_factory=list)
    values: list = field(default_factory=list)  # an enumeration's values (its description names them)


@dataclass
class Reference:
    title: str
    version: str
    description: str
    security: list  # [(name, description)]
    endpoints: list
    types: list


def kind_of(schema):
    """The type of `schema` in words ("chuỗi (date-time), có thể null", "mảng của Agreement")."""
    if not schema:
        return Kind(_("any value"))
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF)
        return Kind(name, ref=name)
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in schema:
            parts = [kind_of(part) for part in schema[combined]]
            if len(parts) == 1:
                return parts[0]
            return Kind(_(" or ").join(part.text for part in parts))
    types = schema.get("type", "object")
    types = [types] if isinstance(types, str) else list(types)
    nullable = "null" in types
    types = [t for t in types if t != "null"] or ["null"]
    if types == ["array"]:
        inner = kind_of(schema.get("items"))
        kind = Kind(_("array of %(type)s") % {"type": inner.text}, ref=inner.ref)
    else:
        text = " | ".join(types)
        if schema.get("format"):
            text += f" ({schema['format']})"
        kind = Kind(text)
    if nullable:
        kind.text = _("%(type)s, or null") % {"type": kind.text}
    return kind


def _description(schema):
    return (schema.get("description") or schema.get("title") or "").strip()


def _endpoint(path, method, operation):
    answers, examples = [], []
    for status, answer in operation.get("responses", {}).items():
        for media, content in answer.get("content", {}).items():
            answers.append((status, media, kind_of(content.get("schema"))))
            for name, example in content.get("examples", {}).items():
                text = json.dumps(example.get("value"), ensure_ascii=False, indent=2)
                examples.append((name, text))
    return Endpoint(
        anchor=operation.get("operationId") or f"{method}-{path}",
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=operation.get("description", ""),
        parameters=[
            Parameter(
                name=p["name"],
                where=p["in"],
                required=bool(p.get("required")),
                kind=kind_of(p.get("schema")),
                description=_description(p),
            )
            for p in operation.get("parameters", [])
        ],
        answers=answers,
        examples=examples,
    )


def _data_type(name, schema):
    required = set(schema.get("required", []))
    return DataType(
        name=name,
        description=schema.get("description", ""),
        properties=[
            Property(
                name=prop,
                kind=kind_of(spec),
                required=prop in required,
                read_only=bool(spec.get("readOnly")),
                description=_description(spec),
            )
            for prop, spec in schema.get("properties", {}).items()
        ],
        values=[str(value) for value in schema.get("enum", [])],
    )


def build(schema):
    """The Reference of an OpenAPI document (a dict)."""
    info = schema.get("info", {})
    components = schema.get("components", {})
    return Reference(
        title=info.get("title", ""),
        version=info.get("version", ""),
        description=info.get("description", ""),
        security=[
            (name, scheme.get("description", ""))
            for name, scheme in components.get("securitySchemes", {}).items()
        ],
        endpoints=[
            _endpoint(path, method, operation)
            for path, operations in schema.get("paths", {}).items()
            for method, operation in operations.items()
            if method in METHODS
        ],
        types=[_data_type(name, spec) for name, spec in sorted(components.get("schemas", {}).items())],
    )


@cache
def reference():
    """The portal's own API, generated once per process (the schema changes with a deployment)."""
    with translation.override("vi"):
        return build(SchemaGenerator().get_schema(request=None, public=True))
