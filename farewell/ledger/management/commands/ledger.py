from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from farewell.ledger.anchor import (
    AnchorError,
    check_anchor,
    current_anchor,
    mail_anchor,
    read_anchor,
    recipients,
    write_anchor,
)
from farewell.ledger.models import LedgerEntry
from farewell.ledger.package import DOCUMENT_TYPE, ENTRY_FIELDS, verify_document, verify_package
from farewell.ledger.services import verify


def _installation_entry(seq: int) -> dict | None:
    row = LedgerEntry.objects.filter(seq=seq).values(*[f for f in ENTRY_FIELDS]).first()
    return row


def _issued_document(sha256: str) -> dict | None:
    """The entry that issued a document with this SHA-256 (DOCUMENT_TYPE, the hash as object id)."""
    return (LedgerEntry.objects.filter(object_type=DOCUMENT_TYPE, object_id=sha256)
            .values(*ENTRY_FIELDS).order_by("seq").first())


def _is_pdf(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


class Command(BaseCommand):
    help = (
        "The evidence ledger: `farewell ledger verify [--anchor FILE]` re-computes the hash chain (and checks "
        "it against anchors); `farewell ledger anchor --dir DIR [--mail]` writes the head outside the "
        "database; `farewell ledger verify-package FILE` checks an evidence package."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="re-compute the chain and report the first broken entry")
        check.add_argument(
            "--anchor", action="append", default=[], metavar="FILE",
            help="an anchor written by `ledger anchor`: fail if the chain was truncated or recomputed behind it "
                 "(repeatable)",
        )
        anchor = sub.add_parser("anchor", help="write the ledger head (seq, hash, time) to a file, and mail it")
        anchor.add_argument("--dir", default=None,
                            help="directory the anchor file is written to (default FAREWELL_ANCHOR_DIR, where the "
                                 "auditor's ledger page looks for the last anchor)")
        anchor.add_argument(
            "--mail", action="store_true",
            help="mail the anchor to the auditors' logins and FAREWELL_ANCHOR_RECIPIENTS",
        )
        package = sub.add_parser(
            "verify-package",
            help="check an evidence package's files against its manifest and its ledger entries against this ledger; "
                 "a PDF issued on its own (a resignation receipt) against the entry that recorded its SHA-256",
        )
        package.add_argument("file")
        package.add_argument(
            "--without-ledger", action="store_true",
            help="check the package on its own (a third party without access to this installation's ledger)",
        )

    def handle(self, *args, action: str, **options):
        if action == "verify":
            self._verify(options["anchor"])
        elif action == "anchor":
            self._anchor(options["dir"], options["mail"])
        elif action == "verify-package":
            lookup = None if options["without_ledger"] else _installation_entry
            if _is_pdf(options["file"]):
                # A document issued on its own (the resignation receipt): it carries no manifest, so only
                # this installation's ledger, which recorded its SHA-256, can vouch for it.
                if lookup is None:
                    raise CommandError("a PDF carries no manifest: check it against this installation's ledger "
                                       "(without --without-ledger), or check its receipt package (ZIP) alone")
                result = verify_document(options["file"], _issued_document, _installation_entry)
                if not result.ok:
                    raise CommandError(f"document altered: {result.problem}")
                self.stdout.write(self.style.SUCCESS(
                    f"document ok: issued by this installation, {result.entries_checked} ledger entries match"))
                return
            result = verify_package(options["file"], lookup=lookup)
            if not result.ok:
                raise CommandError(f"package altered: {result.problem}")
            where = "the package alone" if lookup is None else "this installation's ledger"
            self.stdout.write(self.style.SUCCESS(
                f"package ok: {result.files_checked} files and {result.entries_checked} ledger entries "
                f"match (checked against {where})"
            ))

    def _verify(self, anchor_files: list[str]) -> None:
        try:
            anchors = [(name, read_anchor(Path(name))) for name in anchor_files]
        except AnchorError as exc:
            raise CommandError(str(exc)) from exc
        result = verify()
        if not result.ok:
            raise CommandError(
                f"ledger broken at entry {result.first_broken_seq}: {result.reason} "
                f"({result.checked} entries verified before it)"
            )
        for name, anchor in anchors:
            check = check_anchor(anchor)
            if not check.ok:
                raise CommandError(f"ledger does not match the anchor {name}: {check.reason}")
        suffix = f", {len(anchors)} anchor(s) match" if anchors else ""
        self.stdout.write(self.style.SUCCESS(f"ledger ok: {result.checked} entries verified{suffix}"))

    def _anchor(self, directory: str, mail: bool) -> None:
        result = verify()
        if not result.ok:  # never vouch for a head that does not verify
            raise CommandError(f"ledger broken at entry {result.first_broken_seq}: {result.reason}; no anchor written")
        anchor = current_anchor()
        path = write_anchor(Path(directory or settings.FAREWELL_ANCHOR_DIR), anchor)
        self.stdout.write(self.style.SUCCESS(
            f"anchor written: {path} (entry {anchor['seq']}, {anchor['entry_hash'][:16]}…)"
        ))
        if not mail:
            return
        to = recipients()
        if not to:
            raise CommandError("no one to mail the anchor to: give auditors an e-mail address or set "
                               "FAREWELL_ANCHOR_RECIPIENTS")
        try:
            mail_anchor(path, anchor, to)
        except Exception as exc:  # noqa: BLE001 - the file is written; the timer shows the failed mail
            raise CommandError(f"anchor written to {path}, but mailing it failed: {exc}") from exc
        self.stdout.write(f"anchor mailed to {', '.join(to)}")
