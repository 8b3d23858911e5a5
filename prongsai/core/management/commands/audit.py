"""Check the audit log: `prongsai audit verify` finds the first broken link per organisation.

A link breaks when an entry was edited or removed, or when a row no longer matches what the
application last recorded (someone changed the database directly). Exits 1 when anything is broken.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from prongsai.core import audit
from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit


class Command(BaseCommand):
    help = "Audit-log tools. `verify` checks the hash chain and the audited rows."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the hash chain and the audited rows")
        verify.add_argument("--org", help="organisation slug (default: all)")
        add_format_argument(verify)

    def handle(self, *args, **options):
        organisation = None
        if options.get("org"):
            organisation = Organisation.objects.filter(slug=options["org"]).first()
            if organisation is None:
                raise CommandError(f"ไม่พบหน่วยงาน (no organisation with slug) {options['org']!r}")
        breaks = audit.verify(organisation)
        names = dict(Organisation.objects.values_list("pk", "slug"))
        data = {
            "ok": not breaks,
            "breaks": [{**b.as_dict(), "organisation": names.get(b.organisation_id)} for b in breaks],
        }
        lines = [
            f"BROKEN {names.get(b.organisation_id, 'system')}: {b.problem} (entry #{b.seq})" for b in breaks
        ]
        emit(self, options, data, lines or ["OK: the audit log and the audited rows are intact."])
        if breaks:
            sys.exit(1)
