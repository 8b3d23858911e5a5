"""`prongsai complaints rotate-keys`: re-encrypt complaint content with the newest key.

Why: keys leak or age. Put the new key first in COMPLAINTS_KEYS (keep the old ones after it),
run this command, check that it reports nothing left on old keys, then drop the old keys.
"""

from django.core.management.base import BaseCommand

from prongsai.complaints import rotation
from prongsai.complaints.crypto import current_key_id
from prongsai.core.audit import acting_as
from prongsai.core.output import add_format_argument, emit


class Command(BaseCommand):
    help = "Complaint centre maintenance: rotate-keys"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate-keys", help="re-encrypt every complaint with the current key")
        add_format_argument(rotate)

    def handle(self, *args, **options):
        with acting_as("complaints rotate-keys"):
            counts = rotation.rotate()
        key = current_key_id()
        lines = [f"current key: {key}"] + [f"{name}: {n} re-encrypted" for name, n in counts.items()]
        emit(self, options, {"key": key, "re_encrypted": counts}, lines)
