"""ITA from the command line: score one result, import and export many.

`prongsai ita score --year 2564 --scores 85.59,...` checks a result the way the NACC computes
it; `prongsai ita import FILE` loads a province's or the country's results (all or nothing);
`prongsai ita export --year Y --format csv|xlsx|json` writes them back out;
`prongsai ita frameworks` lists every year's framework with its state (verified, partly
verified, carried forward), version and counts.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.core import audit
from prongsai.core.output import add_format_argument, emit
from prongsai.ita import analysis, results, scoring, store, tabular
from prongsai.ita.framework import FrameworkError
from prongsai.ita.models import Result
from prongsai.thai.digits import parse_decimal


class Command(BaseCommand):
    help = "ITA results: score, import, export."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        score = sub.add_parser("score", help="compute the total and rating of one result")
        score.add_argument("--year", type=int, required=True)
        score.add_argument(
            "--scores", required=True, help="ten scores, comma-separated (Thai digits accepted)"
        )
        score.add_argument("--reported-total")
        score.add_argument("--reported-grade")
        add_format_argument(score)
        load = sub.add_parser("import", help="import a CSV/XLSX/JSON file of results")
        load.add_argument("file")
        load.add_argument("--year", type=int, help="refuse rows of any other year")
        add_format_argument(load)
        dump = sub.add_parser("export", help="export results")
        dump.add_argument("--year", type=int)
        dump.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        dump.add_argument("--output", help="file to write (default: standard output)")
        frameworks = sub.add_parser("frameworks", help="every year's framework: state, version, counts")
        add_format_argument(frameworks)

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(options)
        except FrameworkError as exc:
            raise CommandError(str(exc)) from None

    def _frameworks(self, options):
        rows = store.states()
        lines = [
            f"{s.year}  {s.kind:<15} v{s.version if s.version is not None else '-':<3} "
            f"{s.items:>3} items {s.indicators:>2} indicators"
            + (f"  (from {s.carried_from})" if s.carried_from else "")
            for s in rows
        ]
        emit(self, options, {"years": [s.to_dict() for s in rows]}, lines)

    def _score(self, options):
        framework = results.framework_for(options["year"])
        parsed = self._parse_scores(options["scores"], len(framework.indicators))
        scores = dict(zip(framework.indicator_codes, parsed, strict=True))
        reported = _number(options.get("reported_total"), "--reported-total")
        checked = scoring.check(framework, scores, reported, options.get("reported_grade"))
        weak = analysis.weak_points(framework, scores)
        data = {**checked.to_dict(), "lowest_in_group": [w.indicator for w in weak if w.lowest_in_group]}
        label = "grade" if checked.rating_kind == "grade" else "level"
        lines = [f"ITA {checked.year}: total {checked.total}, {label} {checked.rating}"]
        if checked.mismatch:
            lines.append(
                f"MISMATCH with the reported figures "
                f"({checked.reported_total} {checked.reported_grade or ''}):"
            )
            lines += [f"  - {e}" for e in checked.explanations]
        lines.append("below 85: " + (", ".join(map(str, data["weak_indicators"])) or "none"))
        emit(self, options, data, lines)

    def _parse_scores(self, text: str, count: int):
        parts = [p for p in text.replace(" ", "").split(",") if p]
        if len(parts) != count:
            raise CommandError(
                f"ต้องมีคะแนน {count} ตัวชี้วัด ได้ {len(parts)} (need {count} scores, got {len(parts)})"
            )
        scores = [_number(p, "--scores") for p in parts]
        bad = [str(s) for s in scores if not 0 <= s <= 100]
        if bad:
            raise CommandError(f"คะแนนต้องอยู่ระหว่าง 0–100 (scores must lie in 0–100): {', '.join(bad)}")
        return scores

    def _import(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ (no such file): {path}")
        data = path.read_bytes()
        if options.get("year"):
            data = self._only_year(data, path.name, options["year"])
        with audit.acting_as(f"command:ita import {path.name}"):
            report = results.import_file(data, path.name, progress=self._progress(options))
        lines = (
            [
                f"{report.rows} rows: {report.created} new, {report.updated} replaced, "
                f"{report.created_organisations} organisations added"
            ]
            if report.ok
            else ["Nothing was imported. Fix these rows:"]
            + [f"  row {e.row} {e.column}: {e.message_th} ({e.message_en})" for e in report.errors]
        )
        emit(self, options, report.to_dict(), lines)
        if not report.ok:
            sys.exit(1)

    def _only_year(self, data: bytes, name: str, year: int) -> bytes:
        try:
            rows = tabular.read_rows(data, name)
        except tabular.TableFileError as exc:
            raise CommandError(str(exc)) from None
        others = sorted({str(r.get("year")) for r in rows} - {str(year)})
        if others:
            raise CommandError(f"ไฟล์มีปีอื่นนอกจาก {year} (the file has other years): {', '.join(others)}")
        return data

    def _progress(self, options):
        if options.get("format") == "json" or options["verbosity"] < 1:
            return None
        return lambda done, total: self.stderr.write(f"\r{done}/{total}", ending="")

    def _export(self, options):
        queryset = Result.objects.all()
        if options.get("year"):
            queryset = queryset.filter(year=options["year"])
        payload = tabular.write_rows(results.export_rows(queryset), options["format"])
        if options.get("output"):
            Path(options["output"]).write_bytes(payload)
        else:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()


def _number(text, option):
    if text is None or text == "":
        return None
    try:
        return parse_decimal(text)
    except ValueError:
        raise CommandError(f"{option}: ตัวเลขไม่ถูกต้อง (not a number): {text!r}") from None
