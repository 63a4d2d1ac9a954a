"""Who may read the API: a valid key or a signed-in person; 401 for anyone else, 405 for every
method but GET, 404 for what the key or person may not see; keys' use is recorded and throttled."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey
from api.throttling import ClientRateThrottle
from tests.api.factories import api_key, bearer
from tests.assignments.factories import TaskFactory
from tests.reports.factories import ReportFactory
from tests.security.matrix import World
from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db

LISTS = ("organization", "directive", "agreement", "meeting", "task", "task-update", "report")
WRITES = ("post", "put", "patch", "delete")


def every_api_url(task, report):
    urls = [reverse(f"api:{name}-list") for name in LISTS]
    urls += [reverse("api:task-detail", args=[task.pk]), reverse("api:figures"), reverse("api:schema")]
    urls += [reverse("api:report-document", args=[report.pk]), reverse("api:report-pdf", args=[report.pk])]
    return urls


def test_without_a_key_or_session_every_api_address_answers_401(client, org_a):
    task, report = TaskFactory(lead=org_a), ReportFactory()
    for url in every_api_url(task, report):
        for method in ("get", *WRITES):
            response = getattr(client, method)(url)
            assert response.status_code == 401, (method, url, response.status_code)
            assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "Authorization: Bearer" in client.get(reverse("api:task-list")).json()["detail"]


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda org: api_key(revoked=True)[1], "đã bị thu hồi"),
        (lambda org: api_key(expires_on=timezone.localdate() - datetime.timedelta(days=1))[1], "đã hết hạn"),
        (lambda org: "kg_" + "x" * 43, "không hợp lệ"),
        (lambda org: "not-a-key", "Authorization: Bearer"),
    ],
    ids=["revoked", "expired", "unknown", "malformed"],
)
def test_a_revoked_expired_unknown_or_malformed_key_answers_401(client, org_a, make, says):
    response = client.get(reverse("api:task-list"), **bearer(make(org_a)))
    assert response.status_code == 401
    assert says in response.json()["detail"]


def test_a_key_works_until_the_end_of_its_last_day(client):
    _key, token = api_key(expires_on=timezone.localdate())
    assert client.get(reverse("api:task-list"), **bearer(token)).status_code == 200


def test_revoking_a_key_stops_it_at_once(client, admin_user):
    from api.services import api_key_revoke

    key, token = api_key()
    assert client.get(reverse("api:task-list"), **bearer(token)).status_code == 200
    api_key_revoke(by=admin_user, key=key)
    assert client.get(reverse("api:task-list"), **bearer(token)).status_code == 401


@pytest.mark.parametrize("method", WRITES)
def test_every_write_method_answers_405_to_a_key_and_to_a_session(client, ban_key, staff_user, org_a, method):
    task = TaskFactory(lead=org_a)
    before = (task.title, task.version)
    for url in (reverse("api:task-list"), reverse("api:task-detail", args=[task.pk]), reverse("api:figures")):
        response = getattr(client, method)(url, **bearer(ban_key[1]))
        assert response.status_code == 405, (url, response.status_code)
        assert response.json()["detail"] == "API này chỉ để đọc: hãy dùng GET."
    sign_in(client, staff_user)
    # A session's write gets the same 405, not a CSRF refusal (there is nothing to forge).
    response = getattr(client, method)(reverse("api:task-detail", args=[task.pk]))
    assert response.status_code == 405
    task.refresh_from_db()
    assert (task.title, task.version) == before


def test_another_units_record_is_404_whatever_the_method(client, key_a, org_b):
    task = TaskFactory(lead=org_b)
    url = reverse("api:task-detail", args=[task.pk])
    for method in ("get", *WRITES):
        assert getattr(client, method)(url, **bearer(key_a[1])).status_code == 404, method
    missing = reverse("api:task-detail", args=[task.pk + 1000])
    assert client.get(missing, **bearer(key_a[1])).json() == client.get(url, **bearer(key_a[1])).json()


def test_a_units_key_reads_what_its_liaison_reads(client, personas, ban, org_a, org_b, khoa_giao_fields):
    from tests.api.test_lists import populate

    world = World(fields=khoa_giao_fields, ban=ban, org_a=org_a, org_b=org_b, **personas)
    populate(world)
    _key, token = api_key(organization=org_a)
    by_key = {name: ids(client.get(reverse(f"api:{name}-list"), **bearer(token))) for name in LISTS}
    sign_in(client, personas["liaison_a"])
    by_session = {name: ids(client.get(reverse(f"api:{name}-list"))) for name in LISTS}
    assert by_key == by_session
    assert all(by_key[name] for name in ("task", "meeting", "agreement", "directive"))
    assert by_key["report"] == set()


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_last_used_is_written_at_most_once_a_minute(client, settings):
    settings.API_KEY_LAST_USED_RESOLUTION = 60
    key, token = api_key()
    assert key.last_used_at is None
    client.get(reverse("api:organization-list"), **bearer(token))
    first = ApiKey.objects.get(pk=key.pk).last_used_at
    assert first is not None
    client.get(reverse("api:organization-list"), **bearer(token))
    assert ApiKey.objects.get(pk=key.pk).last_used_at == first
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=first - datetime.timedelta(seconds=61))
    client.get(reverse("api:organization-list"), **bearer(token))
    assert ApiKey.objects.get(pk=key.pk).last_used_at > first


def test_each_key_is_throttled_on_its_own(client, monkeypatch):
    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"api": "3/min"})
    _one, first = api_key(name="Một")
    _two, second = api_key(name="Hai")
    url = reverse("api:organization-list")
    assert [client.get(url, **bearer(first)).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url, **bearer(first))
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    assert client.get(url, **bearer(second)).status_code == 200


def test_the_api_is_not_kept_in_shared_caches(client, ban_key):
    response = client.get(reverse("api:task-list"), **bearer(ban_key[1]))
    assert response["Cache-Control"] == "no-store"


class BrokenCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("the cache is down")

    set = get


def test_with_the_cache_down_requests_still_go_through(client, monkeypatch, ban_key):
    monkeypatch.setattr(ClientRateThrottle, "cache", BrokenCache())
    assert client.get(reverse("api:organization-list"), **bearer(ban_key[1])).status_code == 200


@pytest.mark.redis
def test_the_request_counts_are_shared_through_redis(client, monkeypatch, settings):
    """Production keeps the counts in Redis (PORTAL_CACHE_URL), shared by every web process."""
    import os
    import uuid

    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    monkeypatch.setattr(ClientRateThrottle, "cache", caches["default"])
    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"api": "2/min"})
    _key, token = api_key()
    url = reverse("api:organization-list")
    assert [client.get(url, **bearer(token)).status_code for _ in range(3)] == [200, 200, 429]
    assert any(
        key.startswith(b"test-") for key in caches["default"]._cache.get_client().keys("*throttle_api_key-*")
    )
