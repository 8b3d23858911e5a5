"""`prongsai complaints rotate-keys | remind | retention`: the complaint centre's maintenance.

- rotate-keys: keys leak or age. Put the new key first in COMPLAINTS_KEYS (keep the old ones
  after it), run this command, check that it reports nothing left on old keys, then drop the old keys.
  It also counts the cases per receipt-verifier key (COMPLAINTS_RECEIPT_KEYS): a code can only be
  hashed again when its complainant uses it, so an old receipt key is dropped once its count is 0.
- remind: deadline reminders (due soon / overdue) to the officers and the head; run daily,
  a second run sends nothing new (reminders.py).
- retention: deletes closed cases older than COMPLAINTS_RETENTION_DAYS, keeping anonymous
  figures for the statistics (retention.py); `--dry-run` lists what would go. Run daily.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from prongsai.complaints import receipts, reminders, retention, rotation
from prongsai.complaints.crypto import current_key_id
from prongsai.core.audit import acting_as
from prongsai.core.output import add_format_argument, emit


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"วันที่ต้องเป็นรูปแบบ YYYY-MM-DD (the date must be YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Complaint centre maintenance: rotate-keys, remind, retention"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate-keys", help="re-encrypt every complaint with the current key")
        add_format_argument(rotate)
        remind = sub.add_parser("remind", help="send deadline reminders (due soon, overdue)")
        remind.add_argument("--today", type=_day, help="the day to count from (default: today)")
        add_format_argument(remind)
        keep = sub.add_parser("retention", help="delete closed cases past the retention period")
        keep.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
        keep.add_argument("--today", type=_day, help="the day to count from (default: today)")
        add_format_argument(keep)

    def handle(self, *args, **options):
        action = options["action"]
        with acting_as(f"complaints {action}"):
            getattr(self, action.replace("-", "_"))(options)

    def rotate_keys(self, options):
        counts = rotation.rotate()
        key = current_key_id()
        lines = [f"current key: {key}"] + [f"{name}: {n} re-encrypted" for name, n in counts.items()]
        on_keys = receipts.keys_in_use()
        lines += [f"receipt codes on key {kid}: {n}" for kid, n in sorted(on_keys.items())]
        emit(self, options, {"key": key, "re_encrypted": counts, "receipt_keys": on_keys}, lines)

    def remind(self, options):
        sent = reminders.remind(options.get("today") or timezone.localdate())
        data = {
            "due_soon": sent.due_soon,
            "overdue": sent.overdue,
            "notices": sent.notices,
            "cases": sent.cases,
        }
        lines = [f"reminders: {sent.due_soon} due soon, {sent.overdue} overdue, {sent.notices} notices sent"]
        emit(self, options, data, lines + [f"  {case}" for case in sent.cases])

    def retention(self, options):
        result = retention.purge(options.get("today") or timezone.localdate(), dry_run=options["dry_run"])
        verb = "would delete" if result.dry_run else "deleted"
        data = {
            "dry_run": result.dry_run,
            "closed_on_or_before": result.cutoff.isoformat(),
            "deleted": result.count,
            "cases": result.deleted,
        }
        lines = [f"{verb} {result.count} closed case(s) closed on or before {result.cutoff.isoformat()}"]
        lines += [f"  {org}: {', '.join(numbers)}" for org, numbers in result.deleted.items()]
        emit(self, options, data, lines)
