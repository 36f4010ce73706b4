"""Read-only serializers of the org API. Sensitive fields (ID number, bank account, a status
period's kind and notes) are never serialized here: they are read through
accounts.services.read_sensitive, which writes the access log."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Contract, Employee, OrgUnit, Position, StatusPeriod, WageMonth
from .tenure import tenure


class PositionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "name", "grade"]


class OrgUnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name"]


class OrgUnitSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "parent", "depth", "path"]


class EmployeeListSerializer(serializers.ModelSerializer):
    org_unit = OrgUnitRefSerializer(read_only=True)
    position = PositionRefSerializer(read_only=True, allow_null=True)
    # Annotated by the view (F("manager__code")) so the manager row is never loaded.
    manager_code = serializers.UUIDField(read_only=True, allow_null=True)

    class Meta:
        model = Employee
        fields = [
            "code",
            "employee_number",
            "name",
            "gender",
            "org_unit",
            "position",
            "manager_code",
            "employment_type",
            "status",
            "hire_date",
            "separation_date",
        ]


class ContractSerializer(serializers.ModelSerializer):
    term_months = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Contract
        fields = [
            "kind",
            "sequence",
            "start_date",
            "end_date",
            "probation_end_date",
            "signed_date",
            "term_months",
        ]


class WageMonthSerializer(serializers.ModelSerializer):
    class Meta:
        model = WageMonth
        fields = ["month", "base", "bonus", "allowances", "overtime", "total"]


class StatusPeriodSerializer(serializers.ModelSerializer):
    """Dates and the protected flag only: the kind and notes are health data (DESIGN)."""

    class Meta:
        model = StatusPeriod
        fields = ["start_date", "end_date", "protected"]


class TenureSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    years = serializers.IntegerField()
    months = serializers.IntegerField()
    days = serializers.IntegerField()
    total_months = serializers.IntegerField()
    text = serializers.CharField()


class EmployeeDetailSerializer(EmployeeListSerializer):
    contracts = ContractSerializer(many=True, read_only=True)
    wages = serializers.SerializerMethodField(help_text="The last 12 recorded months, oldest first.")
    status_periods = StatusPeriodSerializer(many=True, read_only=True)
    tenure = serializers.SerializerMethodField()
    rule_pack = serializers.CharField(read_only=True, allow_null=True)

    class Meta(EmployeeListSerializer.Meta):
        fields = [
            *EmployeeListSerializer.Meta.fields,
            "birth_date",
            "first_work_date",
            "phone",
            "email",
            "union_member",
            "retirement_category",
            "rule_pack",
            "tenure",
            "contracts",
            "wages",
            "status_periods",
        ]

    @extend_schema_field(WageMonthSerializer(many=True))
    def get_wages(self, employee: Employee) -> list[dict]:
        # The view prefetches the newest 12 months (newest first); show them oldest first.
        rows = getattr(employee, "recent_wages", None)
        if rows is None:
            rows = list(employee.wages.order_by("-month")[:12])
        return WageMonthSerializer(list(reversed(rows)), many=True).data

    @extend_schema_field(TenureSerializer)
    def get_tenure(self, employee: Employee) -> dict:
        as_of: dt.date = self.context.get("as_of") or timezone.localdate()
        span = tenure(employee.hire_date, as_of=as_of, separation_date=employee.separation_date)
        return {
            "as_of": as_of,
            "years": span.years,
            "months": span.months,
            "days": span.days,
            "total_months": span.total_months,
            "text": str(span),
        }
