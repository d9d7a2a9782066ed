from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportKind
from .reading import MAX_BYTES


class UploadForm(forms.Form):
    """The file and what it holds; the file itself is read (and judged by its content) by the service."""

    kind = forms.ChoiceField(label=_("The file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        help_text=_("The first row names the columns, as in the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(value, label) for value, label in ImportKind.choices if value in kinds]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size).1f MB); the limit is %(limit)d MB."),
                params={"size": uploaded.size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024},
            )
        return uploaded


class ConfirmForm(forms.Form):
    only_valid = forms.BooleanField(
        label=_("Import the valid rows only: leave out the rows with errors"), required=False
    )
