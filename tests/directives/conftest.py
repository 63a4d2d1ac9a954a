"""Fixtures of the directive tests."""

import pytest


@pytest.fixture
def import_worker_env(monkeypatch, private_root):
    """A worker started after this keeps the import's files where this process looks for them."""
    monkeypatch.setenv("PORTAL_PRIVATE_ROOT", str(private_root))
    return private_root


@pytest.fixture
def import_worker(import_worker_env, celery_worker_process):
    """A real Celery worker that runs the import jobs (tests/conftest.py), for pages that follow them."""
    return celery_worker_process
