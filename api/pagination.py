"""Cursor pagination by last change: every list is ordered by (updated_at, id), and a page starts
right after the row the previous one ended on.

The cursor is that row's (updated_at, id), so the next page is a range of the (updated_at, id)
index: it costs the same on the first page and on the thousandth, and rows written meanwhile are
neither skipped nor repeated out of order (a row changed while a client pages moves to the end,
where the client meets it again). A client that keeps the last `updated_at` it read pulls what
changed since with `updated_since=` on any list.
"""

import base64
import binascii
import json
from datetime import datetime

from django.db.models import F
from django.db.models.fields.tuple_lookups import TupleGreaterThan
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

INVALID_CURSOR = _("This cursor is not valid: use the “next” link of the previous page as it is.")


class ChangeCursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = 100
    max_page_size = 500

    def ordering(self, view):
        """(time field, id field) of the view's rows; updated_at unless the view says otherwise."""
        return getattr(view, "change_ordering", ("updated_at", "id"))

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def decode(self, raw, id_field):
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)))
            moment = datetime.fromisoformat(data["t"])
            key = data["id"]
            if moment.tzinfo is None or not isinstance(key, int | str):
                raise ValueError
            id_field.to_python(key)
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from exc
        except Exception as exc:  # a field's own ValidationError (a malformed UUID)
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from exc
        return moment, key

    @staticmethod
    def encode(moment, key):
        data = json.dumps({"t": moment.isoformat(), "id": key if isinstance(key, int) else str(key)})
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    def paginate_queryset(self, queryset, request, view=None):
        time_field, id_field = self.ordering(view)
        size = self.get_page_size(request)
        queryset = queryset.order_by(time_field, id_field)
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            moment, key = self.decode(raw, queryset.model._meta.get_field(id_field))
            queryset = queryset.filter(TupleGreaterThan((F(time_field), F(id_field)), (moment, key)))
        rows = list(queryset[: size + 1])
        self.request = request
        self.next_cursor = None
        if len(rows) > size:
            rows = rows[:size]
            last = rows[-1]
            self.next_cursor = self.encode(getattr(last, time_field), getattr(last, id_field))
        return rows

    def get_next_link(self):
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": ["string", "null"],
                    "format": "uri",
                    "description": str(_("The address of the next page; null on the last page.")),
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _("Where the page starts: taken from the “next” link of the previous page.")
                ),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _("Rows per page, %(default)s by default, at most %(max)s.")
                    % {"default": self.page_size, "max": self.max_page_size}
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
