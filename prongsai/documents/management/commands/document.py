"""`prongsai document render`: write a document's .docx and .pdf to a folder.

The latest approved version gives its final, sealed files as signed; without one, the newest
draft is rendered for checking its layout. `--format json` prints the paths and the page count.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.core.models import Organisation
from prongsai.core.output import add_format_argument, emit
from prongsai.documents.models import Document, Status
from prongsai.documents.output import content_for, export_final, file_stem, write_files


class Command(BaseCommand):
    help = "Render official documents (memo and attachments) as DOCX and PDF."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        render = sub.add_parser("render", help="write the .docx and .pdf of an organisation's document")
        render.add_argument("--org", required=True, help="organisation address name (slug)")
        render.add_argument("--kind", required=True, help="document type code, e.g. measures-memo")
        render.add_argument("--year", required=True, type=int, help="fiscal year (B.E.), e.g. 2565")
        render.add_argument("--out", required=True, help="output folder")
        add_format_argument(render)

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"ไม่พบหน่วยงาน / no organisation “{options['org']}”")
        versions = Document.objects.for_org(organisation).filter(
            document_type__code=options["kind"], fiscal_year=options["year"]
        )
        approved = versions.filter(status=Status.APPROVED).order_by("-version").first()
        if approved is not None:
            # What was signed: the sealed final files, never a fresh rendering of the live plan.
            result = {"version": approved.version, "status": approved.status,
                      **export_final(approved, Path(options["out"]))}  # fmt: skip
            lines = [f"v{approved.version} (approved, sealed)", f"DOCX: {result['docx']}",
                     f"PDF:  {result['pdf']}", f"pages: {result['pages']}"]  # fmt: skip
            emit(self, options, result, lines)
            return
        document = versions.exclude(status=Status.SUPERSEDED).order_by("-version").first()
        if document is None:
            raise CommandError(
                f"ไม่พบเอกสาร {options['kind']} ปี {options['year']} / no {options['kind']} document "
                f"for {options['year']}: create it on the documents page first"
            )
        result = write_files(content_for(document), Path(options["out"]), file_stem(document), keep_docx=True)
        if result.get("pdf_error"):
            raise CommandError(f"DOCX: {result['docx']}\n{result['pdf_error']}")
        result = {"version": document.version, "status": document.status, **result}
        emit(
            self,
            options,
            result,
            [f"v{document.version} ({document.get_status_display()}, not approved yet)",
             f"DOCX: {result['docx']}", f"PDF:  {result['pdf']}", f"pages: {result['pages']}"],
        )  # fmt: skip
