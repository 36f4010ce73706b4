"""Forms of 设置 › 用户与权限, the first-run page and the password pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm, _unicode_ci_compare
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from farewell.common.limits import SEARCH_CHARS
from farewell.org.models import Company, Employee, Jurisdiction, OrgUnit

from . import policy
from .models import Role, User


class BootstrapMixin:
    def _style(self) -> None:
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            else:
                field.widget.attrs.setdefault("class", "form-control")


class SetupForm(BootstrapMixin, forms.Form):
    """The same fields as `farewell setup`; the service validates (one set of rules for both)."""

    name = forms.CharField(label=_("公司名称"), max_length=200)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=40,
                                  help_text=_("18位，营业执照或事业单位法人证书上的代码；第18位是校验位"))
    jurisdiction = forms.ChoiceField(label=_("适用法律"), choices=Jurisdiction.choices, initial=Jurisdiction.CN)
    city = forms.CharField(label=_("所在城市"), max_length=50, help_text=_("用于当地平均工资和最低工资"))
    username = forms.CharField(label=_("HR管理员用户名"), max_length=150)
    email = forms.EmailField(label=_("HR管理员邮箱"), required=False,
                             help_text=_("填写后，设置密码的链接也会发到这个邮箱"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def _admin_companies(acting_user):
    return Company.objects.filter(pk__in={company_id for company_id, _path in policy.account_scopes(acting_user)})


def _admin_units(acting_user):
    parts = [
        Q(company_id=company_id) & (Q(path__startswith=path) if path else Q())
        for company_id, path in policy.account_scopes(acting_user)
    ]
    if not parts:
        return OrgUnit.objects.none()
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return OrgUnit.objects.filter(q).select_related("company").order_by("company__name", "path")


def grantable_roles(acting_user) -> list[tuple[str, str]]:
    """The roles the acting admin may give: the three admin roles only a security admin (三员分立)."""
    if not policy.allows(acting_user, "users.grant"):
        return []
    if policy.security_admin_companies(acting_user):
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value not in policy.ADMIN_ROLES]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: OrgUnit) -> str:
        return "　" * unit.depth + unit.name


class GrantForm(BootstrapMixin, forms.Form):
    """A role in a company, for a unit's subtree or (no unit) the whole company."""

    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    company = forms.ModelChoiceField(label=_("公司"), queryset=Company.objects.none(), empty_label=None,
                                     required=False, help_text=_("选了部门时以部门所属公司为准"))
    org_unit = UnitChoiceField(
        label=_("范围（部门及其下级）"), queryset=OrgUnit.objects.none(), required=False,
        empty_label=_("整个公司"),
        help_text=_("HRBP、法务、审批领导、HR管理员按部门授权，覆盖该部门及全部下级部门；直线经理和员工按汇报关系，不选部门。"),
    )

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = grantable_roles(acting_user)
        self.fields["company"].queryset = _admin_companies(acting_user)
        self.fields["org_unit"].queryset = _admin_units(acting_user)
        if self.fields["company"].queryset.count() == 1:
            self.fields["company"].initial = self.fields["company"].queryset.get()
            self.fields["company"].widget = forms.HiddenInput()
        self._style()

    def clean(self):
        data = super().clean()
        unit = data.get("org_unit")
        companies = list(self.fields["company"].queryset[:2])
        if unit is not None:
            data["company"] = unit.company  # the unit names its company
        elif data.get("company") is None and len(companies) == 1:
            data["company"] = companies[0]
        elif data.get("company") is None:
            self.add_error("company", _("请选择公司"))
        return data


class CreateLoginForm(BootstrapMixin, forms.Form):
    """A login for one employee, found by 工号 within the admin's scope."""

    employee_number = forms.CharField(label=_("工号"), max_length=30)
    username = forms.CharField(label=_("用户名"), max_length=150, required=False, help_text=_("留空则使用工号"))
    email = forms.EmailField(label=_("邮箱"), required=False, help_text=_("留空则使用员工档案中的邮箱"))
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices, initial=Role.EMPLOYEE, required=False)
    org_unit = UnitChoiceField(label=_("范围（部门及其下级）"), queryset=OrgUnit.objects.none(), required=False,
                               empty_label=_("整个公司"), help_text=_("仅用于 HRBP、法务、审批领导、HR管理员"))

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        roles = grantable_roles(acting_user)
        if roles:
            self.fields["role"].choices = [("", _("暂不授予角色（由安全管理员授权）")), *roles]
            self.fields["org_unit"].queryset = _admin_units(acting_user)
        else:  # a system admin creates the login; a security admin grants its role (三员分立)
            del self.fields["role"]
            del self.fields["org_unit"]
        self._style()

    def clean(self):
        data = super().clean()
        data.setdefault("role", "")
        data.setdefault("org_unit", None)
        return data

    def clean_employee_number(self) -> Employee:
        number = self.cleaned_data["employee_number"].strip()
        matches = list(
            policy.employees_for(self.acting_user, "users.accounts")
            .filter(employee_number=number).select_related("company", "org_unit")
            .defer("id_number", "bank_account")[:2]
        )
        if not matches:
            raise forms.ValidationError(_("您的管理范围内没有工号为 %(number)s 的员工") % {"number": number})
        if len(matches) > 1:
            raise forms.ValidationError(_("多家公司都有工号 %(number)s，请在员工页面上邀请") % {"number": number})
        return matches[0]


class BulkManagersForm(BootstrapMixin, forms.Form):
    company = forms.ModelChoiceField(label=_("公司"), queryset=Company.objects.none(), empty_label=None)

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = _admin_companies(acting_user)
        if self.fields["company"].queryset.count() == 1:
            self.fields["company"].initial = self.fields["company"].queryset.get()
            self.fields["company"].widget = forms.HiddenInput()
        self._style()


class BulkUnitForm(BootstrapMixin, forms.Form):
    org_unit = UnitChoiceField(label=_("部门（含下级部门）"), queryset=OrgUnit.objects.none(),
                               empty_label=_("请选择部门"))

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = _admin_units(acting_user)
        self._style()


class UserFilterForm(BootstrapMixin, forms.Form):
    STATUS_CHOICES = [
        ("", _("全部")), ("active", _("启用")), ("inactive", _("已停用")), ("pending", _("未设置密码")),
    ]
    q = forms.CharField(max_length=SEARCH_CHARS, label=_("用户名、姓名或工号"), required=False)
    role = forms.ChoiceField(label=_("角色"), choices=[("", _("全部角色")), *Role.choices], required=False)
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DeactivateForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("停用原因"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class FarewellPasswordResetForm(PasswordResetForm):
    """Also for a login whose owner never set a password (an invitation whose link expired):
    Django's form leaves unusable passwords out because they may belong to single sign-on, but
    here the e-mail is the invitation's own channel."""

    def get_users(self, email):
        candidates = User._default_manager.filter(email__iexact=email, is_active=True).exclude(email="")
        # The same Unicode-aware comparison as Django's own form (a look-alike address gets nothing).
        return (user for user in candidates.iterator() if _unicode_ci_compare(email, user.email))
