"""Forms for the people facts and the org tree. They parse input; the rules live in services.py,
whose ValidationError (keyed by field) a view adds back to the form."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from farewell.common.dates import say_date_format, validate_period_date
from farewell.common.identifiers import is_valid_id_number
from farewell.common.limits import SHORT_TEXT_CHARS
from farewell.common.money import WrittenDecimalField, bound_amount

from . import services
from .models import (
    Contract,
    Employee,
    EmployeeStatus,
    OrgUnit,
    Position,
    StatusKind,
    WageMonth,
)

DATE_WIDGET = {"format": "%Y-%m-%d", "attrs": {"type": "date"}}


def _date_widget() -> forms.DateInput:
    return forms.DateInput(**DATE_WIDGET)


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (the shared partial common/_form.html renders them)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
        for name, field in self.fields.items():
            say_date_format(field)
            # Periods start no earlier than 1950 (common/dates.py); a birth date is not a period.
            if isinstance(field, forms.DateField) and name != "birth_date":
                field.validators.append(validate_period_date)

    def add_service_error(self, error) -> None:
        """A service's ValidationError: keyed errors go to their field, others to the form."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u3000" * obj.depth + f"{obj.name}（{obj.code}）"


def _model_fields(model, names, **kwargs) -> dict[str, forms.Field]:
    date_fields = [f.name for f in model._meta.fields if f.get_internal_type() == "DateField" and f.name in names]
    widgets = {name: _date_widget() for name in date_fields}
    widgets.update(kwargs.pop("widgets", {}))
    # Amounts (wages, a position's band) read as HR pastes them: 2,345.60, full-width digits.
    classes = {f.name: WrittenDecimalField for f in model._meta.fields
               if f.get_internal_type() == "DecimalField" and f.name in names}
    return fields_for_model(model, fields=names, widgets=widgets, field_classes=classes, **kwargs)


# ---------------------------------------------------------------- employees

EMPLOYEE_FORM_ORDER = [
    "employee_number", "name", "gender", "birth_date", "id_number", "phone", "email", "bank_account",
    "org_unit", "position", "manager", "employment_type", "status", "hire_date", "first_work_date",
    "separation_date", "retirement_category", "union_member",
]


class EmployeeForm(StyledForm):
    """Create or edit an employee. The ID number and bank account are never shown back."""

    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=30)
    bank_account = forms.CharField(label=_("银行账号"), required=False, max_length=40)
    manager = forms.CharField(
        label=_("直接上级（工号）"), required=False, max_length=30,
        help_text=_("填写同一公司员工的工号；留空表示没有直接上级。"),
    )

    def __init__(self, *args, units: QuerySet[OrgUnit], positions: QuerySet[Position],
                 employee: Employee | None = None, **kwargs):
        self.employee = employee
        if employee is not None and "initial" not in kwargs:
            initial = model_to_dict(employee, exclude=["id_number", "bank_account", "manager", "id_number_index"])
            initial["manager"] = (
                Employee.objects.filter(pk=employee.manager_id).values_list("employee_number", flat=True).first()
                or ""
            )
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        names = [n for n in EMPLOYEE_FORM_ORDER if n not in ("id_number", "bank_account", "manager")]
        if employee is not None:
            names.remove("status")  # changed through its own form (change_status)
        self.fields.update(_model_fields(Employee, names))
        self.fields["org_unit"] = UnitChoiceField(queryset=units, label=_("部门"))
        self.fields["position"].queryset = positions
        if "status" in self.fields:
            self.fields["status"].choices = [
                (v, label) for v, label in EmployeeStatus.choices
                if v in (EmployeeStatus.PROBATION, EmployeeStatus.ACTIVE)
            ]
        if employee is not None:
            # Never shown back (reading it would need the access log); whether an ID number is
            # on file is known from its blind index, the bank account's is not looked at.
            self.fields["id_number"].help_text = (
                _("已登记，出于保护不显示；留空表示不修改，填写则替换。") if employee.id_number_index
                else _("尚未登记。")
            )
            self.fields["bank_account"].help_text = _("出于保护不显示已登记的账号；留空表示不修改，填写则替换。")
        self.order_fields(EMPLOYEE_FORM_ORDER)
        self.style()
        self.warnings: list[str] = []

    def clean_id_number(self) -> str:
        value = services.normalise_id_number(self.cleaned_data.get("id_number", ""))
        if value and not is_valid_id_number(value):
            raise forms.ValidationError(_("身份证号无效：应为18位，最后一位校验码不符（GB 11643）。"))
        return value

    def clean_bank_account(self) -> str:
        return "".join(self.cleaned_data.get("bank_account", "").split())

    def clean(self):
        data = super().clean()
        number = (data.get("manager") or "").strip()
        company_id = self.employee.company_id if self.employee else getattr(data.get("org_unit"), "company_id", None)
        data["manager"] = None
        if number and company_id is not None:
            manager = Employee.objects.defer("id_number", "bank_account").filter(
                company_id=company_id, employee_number=number
            ).first()
            if manager is None:
                self.add_error("manager", _("本公司没有工号为 %(number)s 的员工。") % {"number": number})
            else:
                data["manager"] = manager
        if self.employee is not None and data.get("org_unit") and data["org_unit"].company_id != self.employee.company_id:
            self.add_error("org_unit", _("部门不属于该员工的公司。"))
        self.warnings = services.id_number_warnings(data.get("id_number", ""), data.get("birth_date"))
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("新状态"), choices=EmployeeStatus.choices,
                               help_text=_("“已离职”只能通过关闭离职案件设置。"))
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(v, label) for v, label in EmployeeStatus.choices if v != employee.status]


# ---------------------------------------------------------------- org tree and positions


class UnitForm(StyledForm):
    parent = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("上级部门"), required=False,
                             empty_label=_("（无，作为顶级部门）"))
    name = forms.CharField(label=_("名称"), max_length=100)
    code = forms.CharField(label=_("编码"), max_length=30, help_text=_("本公司内唯一，导入时按编码匹配上级部门。"))

    def __init__(self, *args, units: QuerySet[OrgUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units


class UnitEditForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    code = forms.CharField(label=_("编码"), max_length=30)


class UnitMoveForm(StyledForm):
    parent = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("移到此部门之下"), required=False,
                             empty_label=_("（无，作为顶级部门）"))

    def __init__(self, *args, unit: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        # Its own subtree is not offered (the service refuses it too).
        self.fields["parent"].queryset = (
            OrgUnit.objects.filter(company_id=unit.company_id).exclude(path__startswith=unit.path).order_by("path")
        )


class UnitHeadForm(StyledForm):
    head = forms.CharField(label=_("负责人（工号）"), required=False, max_length=30,
                           help_text=_("留空表示不设负责人。"))

    def __init__(self, *args, unit: OrgUnit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)

    def clean_head(self) -> Employee | None:
        number = self.cleaned_data.get("head", "").strip()
        if not number:
            return None
        head = Employee.objects.defer("id_number", "bank_account").filter(
            company_id=self.unit.company_id, employee_number=number
        ).first()
        if head is None:
            raise forms.ValidationError(_("本公司没有工号为 %(number)s 的员工。") % {"number": number})
        return head


class PositionForm(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Position, list(services.POSITION_FIELDS)))
        self.fields["grade"].required = False
        for name in ("wage_min", "wage_max"):
            if name in self.fields:
                bound_amount(self.fields[name])
        self.style()


# ---------------------------------------------------------------- contracts, wages, periods

CONTRACT_FIELDS = ["kind", "start_date", "end_date", "probation_end_date", "signed_date"]


class ContractForm(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Contract, CONTRACT_FIELDS))
        self.style()


class ContractRenewForm(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Contract, [f for f in CONTRACT_FIELDS if f != "start_date"]))
        self.style()


class ContractEndForm(StyledForm):
    end_date = forms.DateField(label=_("终止日"), widget=_date_widget())


class WageMonthForm(StyledForm):
    month = forms.DateField(label=_("月份"), input_formats=["%Y-%m", "%Y-%m-%d"],
                            widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(WageMonth, list(services.WAGE_PARTS) + ["total"]))
        for name in services.WAGE_PARTS:
            self.fields[name].required = False
        self.fields["total"].required = False
        self.fields["total"].help_text = _("留空则按各项之和自动计算。")
        for name in [*services.WAGE_PARTS, "total"]:
            bound_amount(self.fields[name])
        self.style()

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        for name in services.WAGE_PARTS:
            data[name] = data[name] or 0
        return data


class StatusPeriodForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=[("", "---------"), *StatusKind.choices])
    start_date = forms.DateField(label=_("开始"), widget=_date_widget())
    end_date = forms.DateField(label=_("结束"), widget=_date_widget(), required=False,
                               help_text=_("尚未结束则留空。"))
    notes = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("类型和备注加密保存，不写入审计账本。"))


class StatusPeriodEndForm(StyledForm):
    end_date = forms.DateField(label=_("结束"), widget=_date_widget())

