from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from farewell.org.forms import StyledForm

from .models import Purpose
from .retention import MAX_MONTHS

# A scanned, signed form: a PDF or a photo of it.
SCAN_TYPES = {b"%PDF": "pdf", b"\x89PNG": "png", b"\xff\xd8\xff": "jpg"}
SCAN_MAX_BYTES = 20 * 1024 * 1024


class PaperConsentForm(StyledForm):
    purpose = forms.ChoiceField(label=_("用途"), choices=Purpose.choices)
    scan = forms.FileField(label=_("员工签字的书面同意（扫描件：PDF、PNG或JPG）"))

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if scan.size > SCAN_MAX_BYTES:
            raise forms.ValidationError(_("文件不能超过20MB。"))
        head = scan.read(8)
        scan.seek(0)
        if not any(head.startswith(magic) for magic in SCAN_TYPES):
            raise forms.ValidationError(_("请上传PDF、PNG或JPG格式的扫描件。"))
        return scan


class HoldForm(StyledForm):
    reason = forms.CharField(label=_("保全原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("如：员工已申请劳动仲裁（案号）、诉讼、审计。保全期间该员工的任何资料都不会被删除。"))


class ReleaseForm(StyledForm):
    release_reason = forms.CharField(label=_("解除原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RetentionForm(StyledForm):
    """One company's months per kind (fields named kind codes)."""

    def __init__(self, *args, months: dict[str, int], floors: dict[str, int], labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, value in months.items():
            # Every field states its unit (months), not only the first.
            self.fields[kind] = forms.IntegerField(label=_("%(kind)s（月）") % {"kind": labels[kind]}, initial=value,
                                                   min_value=0, max_value=MAX_MONTHS)
            if floors.get(kind):
                self.fields[kind].help_text = _("法定最少 %(floor)s 个月") % {"floor": floors[kind]}
        self.style()
