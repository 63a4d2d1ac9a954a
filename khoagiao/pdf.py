"""PDFs in the Party's layout with WeasyPrint, fetching nothing but the portal's own assets.

WeasyPrint fetches file:// and http(s):// by default, and will even attach local files to the PDF
(docs/operations.md G16). Every render here goes through `AssetOnlyFetcher`: data: URIs and
files inside the portal's static folders are served; everything else is refused and logged.
User text reaches the HTML only through Django's autoescaping.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

PARTY_STYLESHEET = "pdf/party-document.css"


def _asset_roots():
    roots = [Path(settings.STATIC_ROOT)] + [Path(p) for p in settings.STATICFILES_DIRS]
    return [root.resolve() for root in roots if root.exists()]


class AssetOnlyFetcher(URLFetcher):
    """Serve data: URIs and files under the static folders; refuse and record everything else."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=2, **kwargs)
        self.refused = []
        self.roots = _asset_roots()

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        self.refused.append(url)
        logger.warning("PDF render refused to fetch %r", url[:200])
        raise ValueError(f"blocked: {url[:200]}")


def render_html(template_name, context):
    """The document's HTML in Vietnamese and local time, whatever the caller's context (a worker)."""
    with translation.override("vi"), timezone.override(ZoneInfo(settings.TIME_ZONE)):
        return render_to_string(template_name, context)


def render_pdf(template_name, context, *, fetcher=None, target=None):
    """Render a template to PDF bytes (or into the file object `target`).

    The stylesheet is loaded from our own static folder by path, never by a URL in the HTML."""
    return render_document(template_name, context, fetcher=fetcher).write_pdf(target=target)


def render_document(template_name, context, *, fetcher=None, html=None):
    """The laid-out document, for callers that need its pages (a count) before writing the PDF.
    `html`: the template already rendered, by a caller that makes its DOCX from the same HTML."""
    fetcher = fetcher or AssetOnlyFetcher()
    html = render_html(template_name, context) if html is None else html
    stylesheet = finders.find(PARTY_STYLESHEET)
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/", url_fetcher=fetcher)
    return document.render(stylesheets=[CSS(filename=stylesheet, url_fetcher=fetcher)])
