"""Shared pieces of the task and programme tests (imported by tests/security too)."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.assignments.factories import PDF_BYTES

TASK_ID = re.compile(r'data-task-id="(\d+)"')
AGREEMENT_ID = re.compile(r'data-agreement-id="(\d+)"')


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def pdf(name="bao-cao.pdf", size=None):
    data = PDF_BYTES if size is None else PDF_BYTES + b"%" + b"0" * (size - len(PDF_BYTES) - 1)
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def html_as_pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(
        name, b"<!doctype html><html><script>alert(1)</script></html>", content_type="application/pdf"
    )


def page_ids(response, pattern=TASK_ID):
    return {int(pk) for pk in pattern.findall(response.content.decode())}
