from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khoagiao.files import validate_upload
from khoagiao.uploads import check_client_name


class PdfUploadForm(forms.Form):
    file = forms.FileField(label=_("PDF file"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_client_name(upload.name)
        _name, mime = validate_upload(upload)
        if mime != "application/pdf":
            raise ValidationError(_("Choose a PDF file."))
        return upload
