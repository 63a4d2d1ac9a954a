"""Storing a batch of private attachments: all checked before any is written, none left behind.

`khoagiao.files.validate_upload` checks one file's size, type and content. On top of it:
- a name that carries a folder path, a leading dot or hidden (control, bidi) characters is refused
  with a message rather than quietly cleaned, so a crafted name never reaches the storage layer.
  (Over HTTP Django's multipart parser already strips the folders before any view sees the name;
  this check covers every other caller: services, imports, Celery jobs.)
- every file of the batch is checked first; only then are the files written, and if anything fails
  while writing, the files already written are deleted again.
"""

import unicodedata

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .files import validate_upload


def check_client_name(name):
    raw = str(name or "")
    hidden = any(unicodedata.category(ch) in ("Cc", "Cf") for ch in raw)
    if "/" in raw or "\\" in raw or raw.startswith(".") or hidden:
        shown = "".join(ch for ch in raw if unicodedata.category(ch) not in ("Cc", "Cf"))[:80]
        raise ValidationError(
            _(
                "The file name “%(name)s” contains a folder path or hidden characters; "
                "rename the file and try again."
            )
            % {"name": shown}
        )


def check_uploads(files):
    """Check every upload; raise one ValidationError listing each refused file."""
    errors = []
    for upload in files:
        try:
            check_client_name(upload.name)
            validate_upload(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)


def save_attachments(model, files, *, by, **owner):
    """Create one `model` row (a PrivateAttachment) per upload for `owner`; all or nothing."""
    check_uploads(files)
    saved = []
    try:
        for upload in files:
            attachment = model(uploaded_by=by, **owner)
            attachment.set_upload(upload)
            attachment.save()
            saved.append(attachment)
    except Exception:
        for attachment in saved:
            attachment.delete_file()
        raise
    return saved


def delete_files(attachments):
    """Remove stored files of rows whose transaction is being rolled back."""
    for attachment in attachments:
        attachment.delete_file()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; every one is checked (name, size, type, content) in clean(),
    so a form with a refused file never reaches a service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        check_uploads(files)
        return files


class AttachForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Files"),
        required=True,
        error_messages={"required": gettext_lazy("Choose at least one file.")},
    )
    description = forms.CharField(label=gettext_lazy("Description"), required=False, max_length=255)


def attach_page(request, *, attach, template, context, done):
    """A record's "attach files" page (a task, a programme): several files and one description,
    stored by the record's own service `attach(files=, description=)`, which checks the caller.
    A refused batch comes back on the form with its reason; nothing of it is stored."""
    form = AttachForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attach(files=form.cleaned_data["files"], description=form.cleaned_data["description"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The files were attached."))
            return redirect(done)
    return render(request, template, {**context, "form": form})
