"""设置 › 安全策略: the security administrator's page (三员分立)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import policy, security
from .forms import BootstrapMixin
from .models import SecurityPolicy


class SecurityPolicyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = list(security.POLICY_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's bounds, shown and enforced in the browser too (the field said ≥ 0 before).
        for name, field in self.fields.items():
            bounds = _bounds(SecurityPolicy._meta.get_field(name))
            if bounds:
                field.widget.attrs.update(min=bounds[0], max=bounds[1])
                field.help_text = _("允许范围：%(low)s–%(high)s") % {"low": bounds[0], "high": bounds[1]}
        self._style()


def _bounds(model_field) -> tuple[int, int] | None:
    low = next((v.limit_value for v in model_field.validators if isinstance(v, MinValueValidator)), None)
    high = next((v.limit_value for v in model_field.validators if isinstance(v, MaxValueValidator)), None)
    return (low, high) if low is not None and high is not None else None


@require_http_methods(["GET", "POST"])
def security_policy(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "security.policy")
    current = SecurityPolicy.current()
    form = SecurityPolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            security.set_security_policy(acting_user=request.user, **{
                name: form.cleaned_data[name] for name in security.POLICY_FIELDS})
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("安全策略已保存。"))
            return redirect("accounts:security_policy")
    return render(request, "accounts/security_policy.html", {"form": form, "current": current},
                  status=400 if request.method == "POST" else 200)
