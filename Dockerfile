# The portal's image: web (gunicorn), worker and beat all run it through scripts/portal.sh.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTAL_VAR_DIR=/var/lib/portal DJANGO_STATIC_ROOT=/app/static-collected

# WeasyPrint needs Pango; fonts-liberation2 has every Vietnamese glyph (never fonts-liberation 1.x,
# which lacks precomposed Vietnamese letters); harfbuzz-subset keeps font subsetting fast;
# postgresql-client (15, as the postgres service) for `manage.py backup` and `restore`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-liberation2 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install -r requirements.lock

COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v 0 \
 && useradd --system --uid 10001 --home /app portal \
 && mkdir -p /var/lib/portal && chown portal /var/lib/portal

USER portal
EXPOSE 8000
ENTRYPOINT ["scripts/portal.sh"]
CMD ["web"]
