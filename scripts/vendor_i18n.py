#!/usr/bin/env python3
"""Vietnamese for the admin pages of packages that ship no Vietnamese catalogue.

    python scripts/vendor_i18n.py [TRANSLATIONS.tsv ...]    extract, fill, compile
    python scripts/vendor_i18n.py --check                   CI: complete and compiled

django-axes (sign-in lockouts) and django-celery-beat (the report schedules admins edit) mark
their strings for translation but have no "vi". Their strings are extracted with xgettext from the
installed (locked) versions into locale/vendor/vi/LC_MESSAGES/django.po, the second entry of
LOCALE_PATHS, so that `makemessages` for the portal's own catalogue never touches it. The .mo is
committed, as the portal's own is, so that `make run` needs no gettext tools. TSV: English msgid
<TAB> Vietnamese msgstr, "\\n" for a newline (the same format as scripts/i18n.py).
"""

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from i18n import read_tsv  # noqa: E402 (scripts/ is not a package)

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vendor" / "vi" / "LC_MESSAGES" / "django.po"
PACKAGES = ("axes", "django_celery_beat")
# English plural endings passed as arguments, which Vietnamese does without: the translation leaves
# them out (str.format allows it), so msgfmt must not require them.
SUFFIX_ARGUMENTS = {"{0} task{1} {2} successfully run"}
KEYWORDS = ("_", "gettext", "gettext_lazy", "ngettext:1,2", "ngettext_lazy:1,2", "pgettext_lazy:1c,2")


def extracted():
    """The strings the installed packages mark for translation, as a polib catalogue."""
    files = []
    for package in PACKAGES:
        root = Path(importlib.util.find_spec(package).origin).parent
        files += sorted(
            str(path)
            for path in root.rglob("*.py")
            if not {"migrations", "tests"} & set(path.relative_to(root).parts)
        )
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
                *files,
            ],
            check=True,
        )
        return polib.pofile(str(pot))


def translated(entry):
    return bool(entry.msgstr or entry.msgstr_plural.get(0)) and "fuzzy" not in entry.flags


def compiled_bytes(po_path):
    with tempfile.TemporaryDirectory() as tmp:
        mo = Path(tmp) / "django.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po_path)], check=True)
        return mo.read_bytes()


def main(paths):
    wanted = extracted()
    old = {entry.msgid: entry for entry in polib.pofile(str(PO))} if PO.exists() else {}
    new = {}
    for path in paths:
        new.update(read_tsv(path))
    catalogue = polib.POFile(wrapwidth=100)
    catalogue.metadata = {
        "Project-Id-Version": "khoagiao vendor strings",
        "Language": "vi",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for entry in wanted:
        msgstr = new.get(entry.msgid)
        if msgstr is None and entry.msgid in old:
            previous = old[entry.msgid]
            msgstr = previous.msgstr_plural.get(0) if previous.msgid_plural else previous.msgstr
        flags = [f for f in entry.flags if not (entry.msgid in SUFFIX_ARGUMENTS and f.endswith("-format"))]
        item = polib.POEntry(msgid=entry.msgid, msgid_plural=entry.msgid_plural, flags=flags)
        if entry.msgid_plural:
            item.msgstr_plural = {0: msgstr or ""}
        else:
            item.msgstr = msgstr or ""
        catalogue.append(item)
    PO.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(PO))
    PO.with_suffix(".mo").write_bytes(compiled_bytes(PO))
    missing = [entry.msgid for entry in catalogue if not translated(entry)]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(catalogue) - len(missing)}/{len(catalogue)} vendor strings translated")


def check():
    committed = polib.pofile(str(PO))
    have = {entry.msgid for entry in committed}
    problems = [f"not in the catalogue: {e.msgid!r}" for e in extracted() if e.msgid not in have]
    problems += [f"untranslated: {e.msgid!r}" for e in committed if not translated(e)]
    if compiled_bytes(PO) != PO.with_suffix(".mo").read_bytes():
        problems.append("locale/vendor django.mo is not compiled from django.po: run scripts/vendor_i18n.py")
    for problem in problems:
        print(problem)
    print(f"{len(committed)} vendor strings, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    main(sys.argv[1:])
