import pytest
from django.core.cache import cache

from tests.api.factories import api_key


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Request counts live in Django's cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ban_key(db):
    return api_key(name="Văn phòng Tỉnh ủy")


@pytest.fixture
def key_a(org_a):
    return api_key(name="Hệ thống của Sở GD&ĐT", organization=org_a)
