"""Audit-log tools: `prongsai audit anchor` signs the chain heads; `prongsai audit verify` checks.

`anchor` appends each chain's head (last entry, its hash, the entry count), signed with the
anchor key, to the anchor file outside the database; it is on the schedule (core/schedule.py).
`adopt`, once after an upgrade, logs the users and devices made before they were audited.
`verify` lists every break: an entry edited, removed or inserted, a chain that no longer matches
its anchor (rewritten and re-hashed, or its tail deleted), a row changed behind the application's
back, a user or device inserted directly. Exits 1 when anything is broken.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from prongsai.core import audit
from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit


class Command(BaseCommand):
    help = "Audit-log tools. `anchor` signs the chain heads; `verify` checks chains, anchors and rows."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the hash chains, their anchors and the audited rows")
        verify.add_argument("--org", help="organisation slug (default: all)")
        add_format_argument(verify)
        anchor = sub.add_parser("anchor", help="append the signed chain heads to the anchor file")
        add_format_argument(anchor)
        adopt = sub.add_parser("adopt", help="log users and devices made before they were audited")
        add_format_argument(adopt)

    def handle(self, *args, **options):
        if options["action"] == "anchor":
            self.anchor(options)
        elif options["action"] == "adopt":
            adopted = audit.adopt()
            emit(self, options, {"adopted": adopted}, [f"Adopted {len(adopted)}: {', '.join(adopted)}"])
        else:
            self.verify(options)

    def anchor(self, options):
        lines = audit.anchor()
        names = dict(Organisation.objects.values_list("pk", "slug"))
        data = {"file": str(audit.anchor_file()), "anchored": lines}
        text = [
            f"Anchored {names.get(line['org'], 'global')} at #{line['seq']} ({line['count']} entries)."
            for line in lines
        ]
        emit(self, options, data, [*text, f"{len(lines)} chain heads anchored in {audit.anchor_file()}."])

    def verify(self, options):
        organisation = None
        if options.get("org"):
            organisation = Organisation.objects.filter(slug=options["org"]).first()
            if organisation is None:
                raise CommandError(f"ไม่พบหน่วยงาน (no organisation with slug) {options['org']!r}")
        breaks = audit.verify(organisation)
        names = dict(Organisation.objects.values_list("pk", "slug"))
        data = {
            "ok": not breaks,
            "count": len(breaks),
            "breaks": [{**b.as_dict(), "organisation": names.get(b.organisation_id)} for b in breaks],
        }
        lines = [
            f"BROKEN {names.get(b.organisation_id, 'global')}: {b.problem} (entry #{b.seq})" for b in breaks
        ]
        if breaks:
            lines.append(f"{len(breaks)} breaks found.")
        intact = "OK: the audit log, its anchors and the audited rows are intact."
        emit(self, options, data, lines or [intact])
        if breaks:
            sys.exit(1)
