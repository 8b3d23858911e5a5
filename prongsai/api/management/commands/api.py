"""The API from the command line: bulk exports, and tokens for systems set up by script.

`prongsai api export --org SLUG --year 2565 --format csv|xlsx|json [--dataset NAME] [--output FILE]`
writes what the bulk download endpoint gives (a ZIP of CSVs for all datasets in CSV).
`prongsai api token --org SLUG --name NAME --scope disclosure:write …` prints a new token once.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prongsai.api import exports, tokens
from prongsai.api.models import SCOPES
from prongsai.core import audit
from prongsai.core.models import Organisation
from prongsai.core.output import emit


class Command(BaseCommand):
    help = "Open data exports and API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="one organisation's public data of a fiscal year")
        export.add_argument("--org", required=True, help="the organisation's slug")
        export.add_argument("--year", type=int, required=True, help="fiscal year (B.E.), e.g. 2565")
        export.add_argument("--format", choices=["csv", "xlsx", "json"], default="json")
        export.add_argument("--dataset", choices=["all", *exports.DATASETS], default="all")
        export.add_argument("--output", help="file to write (default: standard output)")
        token = sub.add_parser("token", help="make a token; it is printed once")
        token.add_argument("--org", required=True, help="the organisation's slug")
        token.add_argument("--name", required=True)
        token.add_argument("--scope", action="append", choices=sorted(SCOPES), required=True)
        token.add_argument("--output-format", dest="format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"ไม่มีหน่วยงาน {options['org']} (no organisation {options['org']})")
        if options["action"] == "token":
            with audit.acting_as("command: api token"):
                token, secret = tokens.create_token(organisation, options["name"], options["scope"])
            data = {"prefix": token.prefix, "token": secret, "scopes": token.scopes}
            emit(self, options, data, [secret])
            return
        if not 2500 <= options["year"] <= 2700:
            raise CommandError(f"ปีงบประมาณต้องเป็น พ.ศ. เช่น 2565 (use a Buddhist-era year): {options['year']}")
        content, _type, filename = exports.export(
            organisation, options["year"], options["format"], options["dataset"], settings.SITE_URL
        )
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"{options['output']} ({len(content)} bytes, {filename})")
        elif filename.endswith((".json", ".csv")):
            self.stdout.write(content.decode(), ending="")
        else:
            raise CommandError(
                f"ไฟล์ {filename} เป็นไฟล์ไบนารี ใช้ --output FILE ({filename} is binary: use --output)"
            )
