"""Issue 14, acceptance 1 and 5: two workers at once send nothing twice; the mail server down
keeps the notices in the portal and the mails pending, and once it is back they go out once
(a real Celery worker, a local SMTP server)."""

import datetime
import socket
import socketserver
import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from notices.models import Escalation, Mail, Notice, Preference
from notices.services import mail_send_due
from notices.tasks import daily_run, daily_task, send_mail_task
from tests.reports.conftest import wait_for
from tests.reports.smtp import SMTPServer, _Handler
from tests.threads import in_my_scope

D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_send_nothing_twice(
    ladder_settings, at, make_task, org_a, liaison_a, head_a, staff_user, leader_user
):
    Preference.objects.create(user=staff_user, mail=Preference.Mail.EVERY)
    tasks = [make_task(org_a, D(2026, 7, 10)) for _ in range(5)]
    at(D(2026, 7, 20))  # 10 days overdue: the head's step and the Ban's are due (the liaison's is past)
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait()
            daily_run()
            mail_send_due()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=in_my_scope(worker)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    # 5 tasks x 2 steps, each once; 5 x (head + staff + leader) notices, each once.
    assert Escalation.objects.count() == 10
    assert Notice.objects.count() == 15
    assert not Notice.objects.filter(recipient=liaison_a).exists()
    # Staff: one mail per notice (5); the head and the leader: one digest each; the liaison: its
    # digest with the daily reminder's lists (the unit's overdue tasks).
    sent = sorted(m.to[0] for m in mail.outbox)
    assert sent == sorted([staff_user.email] * 5 + [head_a.email, leader_user.email, liaison_a.email])
    assert Mail.objects.filter(sent_at__isnull=True).count() == 0
    assert all(m.attempts == 1 for m in Mail.objects.all())
    del tasks


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServerAt(SMTPServer):
    """The tests' SMTP server on a chosen port (the portal's configured one)."""

    def __init__(self, port):
        socketserver.ThreadingTCPServer.__init__(self, ("127.0.0.1", port), _Handler)
        self.received = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)


@pytest.fixture
def smtp_port(monkeypatch, settings):
    """The mail server's address, for this process and the worker started after it (nothing
    listens there until the test starts a server)."""
    port = _free_port()
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{port}")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return port


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_mail_server_down_loses_nothing_and_the_mails_go_out_once_when_it_is_back(
    smtp_port, make_task, org_a, liaison_a, celery_worker_process
):
    Preference.objects.create(user=liaison_a, mail=Preference.Mail.EVERY)
    today = timezone.localdate()
    task = make_task(
        org_a, today + datetime.timedelta(days=2), title="Tổ chức hội thi giáo viên giỏi", assigned_on=today
    )
    # The morning job in the worker, with the mail server down.
    daily_task.apply_async()
    pending = wait_for(lambda: Mail.objects.filter(attempts__gte=1).first(), what="a failed attempt")
    assert pending.sent_at is None
    assert "Connection" in pending.last_error or "refused" in pending.last_error.lower()
    notice = Notice.objects.get(recipient=liaison_a)  # in the portal all the same
    assert notice.path == f"/nhiem-vu/{task.pk}/"
    daily_task.apply_async()  # beat again the next minute: nothing new
    with SMTPServerAt(smtp_port) as server:
        # A day later: the retry is due (its backoff has passed); beat's sender fires twice.
        Mail.objects.update(next_try_at=timezone.now())
        send_mail_task.apply_async()
        send_mail_task.apply_async()
        wait_for(lambda: server.inbox(liaison_a.email), what="the mail")
        wait_for(lambda: celery_worker_process.log().count("notices.send_mail") >= 4, what="both senders")
        time.sleep(1)
        (message,) = server.inbox(liaison_a.email)
    assert str(message["Subject"]).strip().startswith("[Cổng khoa giáo] Nhiệm vụ đến hạn ngày ")
    assert "Tổ chức hội thi giáo viên giỏi" in message.get_content()
    assert f"/thong-bao/{notice.pk}/mo/" in message.get_content()
    (sent,) = Mail.objects.all()
    assert sent.sent_at is not None
    assert Notice.objects.count() == 1
    assert Escalation.objects.count() == 1
