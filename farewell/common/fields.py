"""Encrypted model fields: Fernet ciphertext at rest, keys from FAREWELL_FIELD_KEY.

FAREWELL_FIELD_KEY is one or more comma-separated Fernet keys; MultiFernet encrypts with the
first and decrypts with any, so keys rotate without a migration. Search an encrypted value
through a blind index (`blind_index`), never by decrypting a table.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@functools.cache
def _fernet(keys: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.strip().encode()) for k in keys.split(",") if k.strip()])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("FAREWELL_FIELD_KEY must be comma-separated Fernet keys") from exc


def fernet() -> MultiFernet:
    return _fernet(settings.FAREWELL_FIELD_KEY)


def encrypt_text(value: str) -> str:
    return fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured("an encrypted value cannot be read with FAREWELL_FIELD_KEY") from exc


def blind_index(value: str) -> str:
    """HMAC-SHA256 of a normalised value, for exact-match search of an encrypted field."""
    key = settings.FAREWELL_BLIND_INDEX_KEY or "blind-index:" + settings.FAREWELL_FIELD_KEY.split(",")[0]
    normalised = value.strip().upper().encode("utf-8")
    return hmac.new(key.encode("utf-8"), normalised, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text value stored as Fernet ciphertext; empty strings stay empty (nothing to hide)."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))

    def get_lookup(self, lookup_name):
        # Ciphertext is randomised: only isnull can be answered by the database.
        if lookup_name not in ("isnull",):
            return None
        return super().get_lookup(lookup_name)


def is_ciphertext(raw: str) -> bool:
    try:
        return base64.urlsafe_b64decode(raw.encode("ascii"))[:1] == b"\x80"
    except Exception:  # noqa: BLE001 - anything undecodable is not our ciphertext
        return False
