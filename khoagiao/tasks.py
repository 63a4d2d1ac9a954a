from celery import shared_task


@shared_task(name="khoagiao.ping", ignore_result=False, across_provinces=True)
def ping():
    """Proves a worker is alive and reads the same database: returns the number of organisations."""
    from organizations.models import Organization

    return {"pong": True, "organizations": Organization.objects.count()}
