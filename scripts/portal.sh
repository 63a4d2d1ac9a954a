#!/bin/sh
# The portal's processes, one command each. `make run`, docker-compose.yml and CI all start the
# portal through this script, so the deployment runs exactly what was tested.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}

# Lower the CPU weight of this process's autogroup (its session's scheduling group) to nice $1,
# when the process leads its session. Writes are rate-limited to one a tenth of a second across the
# machine for unprivileged processes (EAGAIN): a few tries.
lower_session_priority() {
  [ -w /proc/self/autogroup ] || return 0
  session=$(sed 's/.*) //' "/proc/$$/stat" | cut -d' ' -f4)
  [ "$session" = "$$" ] || return 0
  for _ in 1 2 3 4 5; do
    if (echo "$1" > "/proc/$$/autogroup") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "portal.sh: the session's CPU weight could not be lowered; nice alone applies" >&2
}

# "chrt --idle 0" when this system lets an unprivileged process take SCHED_IDLE (Linux with
# util-linux; a container's seccomp profile may refuse it), else nothing.
idle_policy() {
  if [ "${HEAVY_SCHED_IDLE:-true}" = true ] && chrt --idle 0 true 2>/dev/null; then echo "chrt --idle 0"; fi
}

case "${1:-}" in
  migrate)
    # Schema, translations are compiled in the repository (locale/vi/LC_MESSAGES/django.mo).
    $PY manage.py migrate --noinput
    $PY manage.py collectstatic --noinput -v 0
    ;;
  web)
    exec $PY -m gunicorn khoagiao.wsgi:application \
      --bind "${PORTAL_BIND:-127.0.0.1:8000}" \
      --workers "${GUNICORN_WORKERS:-2}" --threads "${GUNICORN_THREADS:-4}" \
      --timeout 60 --graceful-timeout 20 --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
    ;;
  worker)
    # Every queue by default (make run, a small deployment): the default one, the seal's
    # (SIGNING_QUEUE) and the heavy work's (HEAVY_QUEUE: report PDFs, imports). docker-compose.yml
    # gives the heavy queue to worker-heavy instead (`worker celery,signing`: the queues as an
    # argument, or CELERY_QUEUES); a worker for the seal alone can run on the machine that holds
    # the token (`worker signing`).
    exec $PY -m celery -A khoagiao worker -l "${CELERY_LOG_LEVEL:-info}" \
      --concurrency "${CELERY_CONCURRENCY:-2}" --without-gossip --without-mingle \
      --queues "${2:-${CELERY_QUEUES:-${CELERY_TASK_DEFAULT_QUEUE:-celery},${SIGNING_QUEUE:-signing},${HEAVY_QUEUE:-heavy}}}"
    ;;
  worker-heavy)
    # Report PDFs and imports: at a lower CPU priority than the web (nice), one at a time by
    # default, each taken only when the previous one ends (prefetch 1), so that a long render never
    # holds a second job hostage and the pages keep the cores.
    # nice ranks processes only within their scheduling group. Linux makes each session a group of
    # its own (autogroup) that weighs as much as the web's whole session, whatever the nice: in
    # `make load` the niced worker took 0.7 of the 2 cores from the pages. So a worker that leads
    # a session of its own (make run, make load, a supervisor's start_new_session) lowers its
    # group's weight too; one sharing a session with the web leaves it (that would lower the web).
    # Containers and systemd units are cgroups, where nice does not reach either:
    # docker-compose.yml gives this service cpu_shares.
    # And then SCHED_IDLE (chrt, util-linux) where the system allows it: the kernel gives the
    # worker only the time no page wants, and a page's thread that wakes (each query answered)
    # takes the core back at once. With nice alone each of those wake-ups could wait out the
    # render's time slice: p95 x1.4-1.7 of idle while a report rendered (make load, 07/12/2026).
    lower_session_priority "${HEAVY_NICE:-10}"
    exec $(idle_policy) nice -n "${HEAVY_NICE:-10}" $PY -m celery -A khoagiao worker -l "${CELERY_LOG_LEVEL:-info}" \
      --hostname "heavy@%h" --concurrency "${HEAVY_CONCURRENCY:-1}" --prefetch-multiplier 1 -O fair \
      --without-gossip --without-mingle --queues "${HEAVY_QUEUE:-heavy}"
    ;;
  beat)
    # Exactly one beat process per deployment (docs/operations.md G19: two would duplicate every job).
    exec $PY -m celery -A khoagiao beat -l "${CELERY_LOG_LEVEL:-info}" \
      --scheduler django_celery_beat.schedulers:DatabaseScheduler --pidfile "${BEAT_PIDFILE:-}"
    ;;
  backup|restore)
    # docs/operations.md, "Backups": the database and the private files together.
    exec $PY manage.py "$@"
    ;;
  *)
    echo "usage: $0 migrate|web|worker|worker-heavy|beat|backup DESTINATION|restore FOLDER" >&2
    exit 2
    ;;
esac
