"""The first-run page and the password pages (change, reset by e-mail, the one-time link)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from farewell.org.models import Company

from . import services
from .forms import FarewellPasswordResetForm, SetupForm
from .middleware import public


@public
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """初始设置: the company and its first HR admin.

    Open without a login only while no company exists — it is how an empty install gets its
    first user; from the first company on it is 404 for everyone (further companies: `farewell
    setup`). The service re-checks under the ledger head lock, so two people submitting at once
    cannot both succeed. The one-time link is shown to whoever submitted (and e-mailed).
    """
    if Company.objects.exists():
        raise Http404
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company, user = services.setup_company(first_run=True, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                raise Http404 from None  # someone else finished the set-up a moment ago
        else:
            return render(request, "accounts/setup_done.html", {
                "company": company, "account": user, "link": services.set_password_url(user, request),
                "days": services.link_valid_days(),
            })
    return render(request, "accounts/setup.html", {"form": form})


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link, for a first password (invitation) and for a reset alike.

    Django's token hashes the current password and last login: once a password is set the
    link no longer validates. A deactivated login's link does not open either.
    """

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is not None and not user.is_active:
            return None
        return user

    def form_valid(self, form):
        response = super().form_valid(form)
        # The person's own reset path for the account lock (accounts/lockout.py): a new password
        # set through the e-mailed link clears the failed logins someone else piled on the name.
        services.unlock_login(form.user, acting_user=form.user)
        return response


password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
password_reset = public(auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    form_class=FarewellPasswordResetForm,
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
    # Links are built on the configured address, never on the request's Host header.
    extra_email_context={"base_url": settings.FAREWELL_BASE_URL.rstrip("/"),
                         "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)},
))
password_reset_done = public(auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"))
set_password = public(SetPasswordView.as_view())
password_reset_complete = public(auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html",
))
