#!/usr/bin/env python3
"""Vietnamese for the third-party strings the portal shows: packages that ship no Vietnamese
catalogue, and what Django's own Vietnamese catalogues still lack.

    python scripts/vendor_i18n.py [TRANSLATIONS.tsv ...]    extract, fill, compile
    python scripts/vendor_i18n.py --check                   CI: complete and compiled

Two sources, both read from the installed (locked) versions:

- PACKAGES mark their strings for translation but have no "vi": django-axes (sign-in lockouts),
  django-celery-beat (the report schedules), django-import-export (the admin's export),
  django-simple-history (the history pages), django-otp. Their Python files are extracted with
  xgettext, their templates after Django's own `templatize` (as makemessages does).
- DJANGO_CATALOGUES have a Vietnamese catalogue that lags behind Django's newer strings (the
  admin's navigation sidebar, theme switch, filter_horizontal widget, password validators and
  forms...). Django ships each one's English source catalogue ("en"); every msgid that the "vi"
  one leaves untranslated is taken, for both the "django" and the JavaScript "djangojs" domains,
  and so are the few CORRECTIONS whose Vietnamese there is still English.

The result is locale/vendor/vi/LC_MESSAGES/{django,djangojs}.po, the second entry of LOCALE_PATHS
(makemessages for the portal's own catalogue never touches it); Django merges it over the
packages' own catalogues, for JavaScript too (JavaScriptCatalog). The .mo files are committed, as
the portal's own is, so that `make run` needs no gettext tools. TSV: English msgid <TAB>
Vietnamese msgstr, "\\n" for a newline (as scripts/i18n.py), or context <TAB> msgid <TAB> msgstr
for a msgid with a context (Django's "abbrev. month"...).
"""

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale" / "vendor" / "vi" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
PACKAGES = ("axes", "django_celery_beat", "import_export", "simple_history", "django_otp")
DJANGO_CATALOGUES = (
    "conf",
    "contrib/admin",
    "contrib/auth",
    "contrib/contenttypes",
    "contrib/humanize",
    "contrib/sessions",
)
# Django msgids whose Vietnamese in Django's own catalogue is English ("variety" for "variety"),
# half English ("Các mô models trong %(name)s") or says something else ("cho phép" for
# permissions, "đăng nhập" for a log entry, "Chọn %s" for the chosen ones): the portal's
# translation replaces it.
CORRECTIONS = frozenset(
    {
        "Models in the %(name)s application",
        "variety",
        "version",
        "memory cost",
        "time cost",
        "parallelism",
        "block size",
        "salt",
        "Email",
        "email address",
        "superuser status",
        "staff status",
        "Designates whether the user can log into this admin site.",
        "Big (8 byte) integer",
        "File",
        "Image",
        "session",
        "sessions",
        "session key",
        "session data",
        "LogEntry Object",
        "log entry",
        "log entries",
        "groups",
        "permissions",
        "user permissions",
        "Available %s",
        "Chosen %s",
        "Type into this box to filter down the list of available %s.",
    }
)
# English plural endings passed as arguments, which Vietnamese does without: the translation leaves
# them out (str.format allows it), so msgfmt must not require them.
SUFFIX_ARGUMENTS = {"{0} task{1} {2} successfully run"}
KEYWORDS = (
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext:1,2",
    "ngettext_lazy:1,2",
    "pgettext:1c,2",
    "pgettext_lazy:1c,2",
    "npgettext:1c,2,3",
    "npgettext_lazy:1c,2,3",
)


def po_path(domain):
    return LOCALE / f"{domain}.po"


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def read_tsv(path):
    """{(context, msgid): msgstr} from a TSV of two or three columns."""
    pairs = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = [column.replace("\\n", "\n") for column in line.split("\t")]
        if len(columns) == 2:
            columns.insert(0, "")
        if len(columns) != 3:
            sys.exit(f"{path}:{number}: expected 'msgid<TAB>msgstr' or 'context<TAB>msgid<TAB>msgstr'")
        context, msgid, msgstr = columns
        pairs[(context, msgid)] = msgstr
    return pairs


def _package_sources(tmp):
    """The packages' Python files, and their templates turned into Python by templatize."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure()
        django.setup()
    from django.utils.translation.template import templatize

    files = []
    for package in PACKAGES:
        root = Path(importlib.util.find_spec(package).origin).parent
        for path in sorted(root.rglob("*")):
            if {"migrations", "tests"} & set(path.relative_to(root).parts):
                continue
            if path.suffix == ".py":
                files.append(str(path))
            elif path.suffix in (".html", ".txt"):
                text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
                target = Path(tmp) / package / path.relative_to(root)
                target = target.with_name(target.name + ".py")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                files.append(str(target))
    return files


def _from_packages():
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "vendor.pot"
        subprocess.run(
            [
                "xgettext",
                "--language=Python",
                "--from-code=UTF-8",
                "--no-location",
                "--sort-output",
                *(f"--keyword={keyword}" for keyword in KEYWORDS),
                "-o",
                str(pot),
                *_package_sources(tmp),
            ],
            check=True,
        )
        return list(polib.pofile(str(pot)))


def _django_catalogues(domain):
    """(English source catalogue, what Django's Vietnamese one translates) for each catalogue."""
    django_root = Path(importlib.util.find_spec("django").origin).parent
    for catalogue in DJANGO_CATALOGUES:
        english = django_root / catalogue / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not english.exists():
            continue
        vietnamese = english.parents[2] / "vi" / "LC_MESSAGES" / f"{domain}.po"
        done = set()
        if vietnamese.exists():
            done = {
                key(e) for e in polib.pofile(str(vietnamese)) if e.translated() and e.msgid not in CORRECTIONS
            }
        yield polib.pofile(str(english)), done


def extracted(domain):
    """Every entry the portal needs for `domain`, by (context, msgid), in a stable order: Django's
    untranslated msgids, and the packages' msgids that Django's catalogues do not translate
    already (gettext merges every catalogue, so "Home" in a package's template is Django's)."""
    unique, django_done = {}, set()
    for english, done in _django_catalogues(domain):
        django_done |= done
        for entry in english:
            if key(entry) not in done and not entry.obsolete:
                unique.setdefault(key(entry), entry)
    if domain == "django":
        for entry in _from_packages():
            if key(entry) not in django_done:
                unique.setdefault(key(entry), entry)
    return [unique[k] for k in sorted(unique)]


def translated(entry):
    return bool(entry.msgstr or entry.msgstr_plural.get(0)) and "fuzzy" not in entry.flags


def compiled_bytes(po):
    with tempfile.TemporaryDirectory() as tmp:
        mo = Path(tmp) / "django.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
        return mo.read_bytes()


def build(domain, new):
    po = po_path(domain)
    old = {key(entry): entry for entry in polib.pofile(str(po))} if po.exists() else {}
    catalogue = polib.POFile(wrapwidth=100)
    catalogue.metadata = {
        "Project-Id-Version": "khoagiao vendor strings",
        "Language": "vi",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for entry in extracted(domain):
        msgstr = new.get(key(entry))
        if msgstr is None and key(entry) in old:
            previous = old[key(entry)]
            msgstr = previous.msgstr_plural.get(0) if previous.msgid_plural else previous.msgstr
        flags = [f for f in entry.flags if not (entry.msgid in SUFFIX_ARGUMENTS and f.endswith("-format"))]
        flags = [f for f in flags if f != "fuzzy"]
        item = polib.POEntry(
            msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural, flags=flags
        )
        if entry.msgid_plural:
            item.msgstr_plural = {0: msgstr or ""}
        else:
            item.msgstr = msgstr or ""
        catalogue.append(item)
    po.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(po))
    po.with_suffix(".mo").write_bytes(compiled_bytes(po))
    missing = [entry for entry in catalogue if not translated(entry)]
    for entry in missing:
        print(f"untranslated ({domain}): {entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}")
    print(f"{domain}: {len(catalogue) - len(missing)}/{len(catalogue)} vendor strings translated")


def main(paths):
    new = {}
    for path in paths:
        new.update(read_tsv(path))
    for domain in DOMAINS:
        build(domain, new)


def check():
    problems, total = [], 0
    for domain in DOMAINS:
        po = po_path(domain)
        committed = polib.pofile(str(po))
        total += len(committed)
        have = {key(entry) for entry in committed}
        problems += [
            f"not in the {domain} catalogue: {e.msgid!r}" for e in extracted(domain) if key(e) not in have
        ]
        problems += [f"untranslated ({domain}): {e.msgid!r}" for e in committed if not translated(e)]
        if compiled_bytes(po) != po.with_suffix(".mo").read_bytes():
            problems.append(
                f"locale/vendor {domain}.mo is not compiled from {domain}.po: run scripts/vendor_i18n.py"
            )
    for problem in problems:
        print(problem)
    print(f"{total} vendor strings, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    main(sys.argv[1:])
