"""The evidence ledger: an append-only, hash-chained log (DESIGN: the ledger's format)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    pass


class LedgerEntry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)
    # What was recorded: a content type label ("cases.case"), the object's UUID and the
    # canonical JSON whose SHA-256 is object_hash.
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    event = models.CharField(max_length=100)
    payload = models.TextField()
    object_hash = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The actor's id as hashed (kept even if the user row were ever changed).
    actor_ref = models.CharField(max_length=64, blank=True)
    timestamp = models.CharField(max_length=32)  # UTC ISO with Z, exactly as hashed
    entry_hash = models.CharField(max_length=64, unique=True)
    # Which formula entry_hash follows: 1 = written before hash v2 (envelope not covered),
    # 2 = every new entry (DESIGN: the ledger's format).
    version = models.PositiveSmallIntegerField(default=2)
    # Set when a purge removed the payload (personal data past its retention): the seq of the
    # entry that did it, which lists this seq under "redacted_seqs". object_hash and entry_hash
    # stay, so the chain still verifies; only the content behind object_hash is gone.
    redacted_by = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            # The evidence package and the case timeline look entries up by object.
            models.Index(fields=["object_type", "object_id"], name="ledger_object_idx"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("ledger entries are append-only")

    def __str__(self) -> str:
        return f"#{self.seq} {self.object_type}:{self.object_id} {self.event}"


class LedgerHead(models.Model):
    """One row, locked on every append so that two writers never take the same seq."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default=GENESIS_HASH)
