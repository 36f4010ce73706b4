"""Serializers of the accounts API: who am I, tokens, and the auditor's view of the ledger."""

from __future__ import annotations

from rest_framework import serializers

from farewell.ledger.models import LedgerEntry


class MyCompanySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="`?company=` of the settings API and of GET /api/employees/")
    code = serializers.UUIDField(help_text="`company` of a record or an import job written through the API "
                                           "(or the credit code)")
    credit_code = serializers.CharField(allow_blank=True)
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    employee_code = serializers.UUIDField(allow_null=True)
    companies = MyCompanySerializer(many=True, help_text="the companies in which I hold a grant")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False, write_only=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField(help_text="after this the token is refused; logging out ends it too")


class LedgerEntrySerializer(serializers.ModelSerializer):
    """An entry exactly as hashed: a third party re-computes object_hash from `payload`."""

    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "seq",
            "prev_hash",
            "object_type",
            "object_id",
            "event",
            "payload",
            "object_hash",
            "actor",
            "actor_ref",
            "timestamp",
            "entry_hash",
            "version",
        ]


class VerificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    checked = serializers.IntegerField()
    first_broken_seq = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
