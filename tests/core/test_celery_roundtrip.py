import pytest

from khoagiao.tasks import ping
from tests.factories import OrganizationFactory


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_goes_through_redis_to_a_real_worker_and_back(celery_worker_process):
    OrganizationFactory.create_batch(3)
    result = ping.delay()
    # The worker is another process: the answer proves the broker, the worker and the database.
    assert result.get(timeout=30) == {"pong": True, "organizations": 3}
    assert "khoagiao.ping" in celery_worker_process.log()
