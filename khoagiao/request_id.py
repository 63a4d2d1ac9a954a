"""The current request's id, for log lines and error pages (no Django imports: logging loads it early)."""

import contextvars
import logging

_request_id = contextvars.ContextVar("request_id", default="-")


def current_request_id():
    return _request_id.get()


def set_request_id(value):
    return _request_id.set(value)


def reset_request_id(token):
    _request_id.reset(token)


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = _request_id.get()
        return True
