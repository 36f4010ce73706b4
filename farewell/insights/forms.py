from __future__ import annotations

from django import forms

from .models import FlagRule


class FlagRuleForm(forms.ModelForm):
    class Meta:
        model = FlagRule
        fields = ["enabled", "count", "threshold", "dimension", "window_months", "period_kind"]
        widgets = {
            "count": forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 1}),
            "threshold": forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "0.01"}),
            "dimension": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "window_months": forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 1}),
            "period_kind": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "enabled": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }
